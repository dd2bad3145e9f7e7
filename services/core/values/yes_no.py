"""Yes/no values as people write them in a file (in any of our languages) and as a screen or a file shows them."""

from __future__ import annotations

from functools import cache

from services.core.i18n import LANGUAGES, _, translations

# What an import reads as yes or no, besides each language's own 'Yes' and 'No' (what an export writes).
YES_WORDS = frozenset({'yes', 'y', 'true', '1', 'x', '예', '네', 'o', 'si', 'sí'})
NO_WORDS = frozenset({'no', 'n', 'false', '0', '아니요', '아니오', '아니', '아님'})


def yes_no_text(flag: bool) -> str:
    """'Yes' or 'No' in the language being served."""
    return _('Yes') if flag else _('No')


def read_yes_no(text: str) -> bool | None:
    """True or False for a yes or a no word in any of our languages (what any language's export wrote), else None."""
    word = text.strip().casefold()
    if word in YES_WORDS or word in _written('Yes'):
        return True
    if word in NO_WORDS or word in _written('No'):
        return False
    return None


@cache
def _written(word: str) -> frozenset[str]:
    return frozenset(str(translations(code).gettext(word)).casefold() for code in LANGUAGES)
