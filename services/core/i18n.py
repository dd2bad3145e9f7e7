"""Translations: gettext catalogs in `locales/` (managed with Babel), and the language of whoever is being served.

English is the source language. Mark every user-visible string with `_()` where it is shown, or with `N_()` where
it is defined at import time (labels in tables of constants) and translate it with `_()` where it is shown.
Which language `_()` uses: the one set with `language(code)` (documents for a customer, in their language), else
what the UI's resolver says (the signed-in user's choice, the browser's for the sign-in pages), else English.
A word that means different things (the status "Void" and the button "Void") gets a context: `pgettext`, or `NP_`
in a table of constants. `pybabel extract -F babel.cfg` finds `_`, `N_`, `NP_`, `ngettext` and `pgettext` calls (see
the Makefile's `messages`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import NamedTuple, TypeVar

from babel.core import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALES_DIR = Path(__file__).resolve().parents[2] / 'locales'
DOMAIN = 'messages'
DEFAULT_LANGUAGE = 'en'


def _languages() -> dict[str, str]:
    """Language code -> its own name (as the language menu shows it): English and every catalog in `locales/`."""
    codes = [
        DEFAULT_LANGUAGE,
        *sorted(path.parent.parent.name for path in LOCALES_DIR.glob(f'*/LC_MESSAGES/{DOMAIN}.po')),
    ]
    return {code: (Locale.parse(code).display_name or code).capitalize() for code in codes}


LANGUAGES = _languages()

_language: ContextVar[str | None] = ContextVar('clientbook_language', default=None)
_resolver: list[Callable[[], str | None]] = []


def set_language_resolver(resolver: Callable[[], str | None]) -> None:
    """Install how to find the current user's language when none is set explicitly (the UI does, once)."""
    _resolver[:] = [resolver]


def current_language() -> str:
    """The language `_()` translates into now: one of `LANGUAGES`."""
    code = _language.get()
    if code is None and _resolver:
        try:
            code = _resolver[0]()
        except Exception:  # no page is being served (a background task): fall back
            code = None
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


@contextmanager
def language(code: str | None) -> Iterator[str]:
    """Translate into `code` (anything `supported_language` accepts) inside the block; yields the code used."""
    chosen = supported_language(code)
    token = _language.set(chosen)
    try:
        yield chosen
    finally:
        _language.reset(token)


def supported_language(code: str | None) -> str:
    """The supported language nearest to a code such as `ko-KR`, `es_MX` or `en`; English when none matches."""
    base = (code or '').replace('_', '-').split('-')[0].strip().lower()
    return base if base in LANGUAGES else DEFAULT_LANGUAGE


def ranked_tags(header: str | None) -> list[str]:
    """The language tags of an HTTP `Accept-Language` header as written (`ko-KR`, `es_MX`, `en`), most preferred
    first: by quality value, then by position (RFC 9110, section 12.5.4); tags with q=0 or a bad q are left out."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or '').split(',')):
        tag, _, params = part.strip().partition(';')
        quality = 1.0
        if params.strip().startswith('q='):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag.strip() and quality > 0:
            ranked.append((-quality, position, tag.strip()))
    return [tag for _quality, _position, tag in sorted(ranked)]


def from_accept_language(header: str | None) -> str:
    """The best supported language for an HTTP `Accept-Language` header (RFC 9110 quality values)."""
    for tag in ranked_tags(header):
        base = tag.replace('_', '-').split('-')[0].lower()
        if base in LANGUAGES:
            return base
    return DEFAULT_LANGUAGE


def locale_of(code: str | None = None) -> Locale:
    """The Babel locale of a language (the current one by default), for formatting numbers, dates and amounts."""
    try:
        return Locale.parse(supported_language(code or current_language()))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT_LANGUAGE)


@lru_cache(maxsize=len(LANGUAGES))
def translations(code: str) -> NullTranslations:
    """The catalog of a language; English (and a missing catalog) translate to themselves.

    The compiled `.mo` (built by `make`) is used when it is at least as new as its `.po`; otherwise the `.po` is
    compiled in memory, so a checkout run without `make` (or with a catalog edited since) still speaks every language.
    """
    if code == DEFAULT_LANGUAGE:
        return NullTranslations()
    source = LOCALES_DIR / code / 'LC_MESSAGES' / f'{DOMAIN}.po'
    compiled = source.with_suffix('.mo')
    if not source.exists() or (compiled.exists() and compiled.stat().st_mtime >= source.stat().st_mtime):
        return Translations.load(str(LOCALES_DIR), [code], domain=DOMAIN)
    with source.open('rb') as file:
        catalog = read_po(file, locale=code, domain=DOMAIN)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


def _(message: str) -> str:
    """`message` in the current language; format placeholders afterwards: `_('Saved {name}').format(name=...)`."""
    return translations(current_language()).gettext(message)


def N_(message: str) -> str:
    """Mark `message` for translation without translating it now (translate it with `_()` where it is shown)."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for `count`, by the current language's plural rules (Korean has one form)."""
    return translations(current_language()).ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` translated in a context, for short words that translate differently (`pgettext('invoice', 'Open')`)."""
    return str(translations(current_language()).pgettext(context, message))


class InContext(NamedTuple):
    """A message marked with its context by `NP_`, translated with `pgettext` when read from a `Translated` table."""

    context: str
    message: str


def NP_(context: str, message: str) -> InContext:
    """Mark `message` in a context (as `pgettext` reads it) without translating it now, for a `Translated` table."""
    return InContext(context, message)


K = TypeVar('K')


class Translated(Mapping[K, str]):
    """A constant table of labels marked with `N_()`, read in the current language: `LABELS[key]` is `_(label)`.

    Lets a module define its labels once at import time while every reader (page, PDF, CSV) gets them translated
    into the language of the moment, without remembering to call `_()`.
    """

    def __init__(self, labels: Mapping[K, str | InContext]) -> None:
        self._labels = dict(labels)

    def __getitem__(self, key: K) -> str:
        label = self._labels[key]
        return pgettext(*label) if isinstance(label, InContext) else _(label)

    def __iter__(self) -> Iterator[K]:
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)

    def source(self, key: K) -> str:
        """The English label (for logs and machine-readable output)."""
        label = self._labels[key]
        return label.message if isinstance(label, InContext) else label
