"""Why a tax ID was refused, in the user's language: python-stdnum's exception classes (InvalidChecksum,
InvalidLength, InvalidFormat, InvalidComponent) say what kind of fault it is, their English texts are not shown; the
lengths a scheme allows are read from its module (`LENGTHS` where probing cannot find them)."""

from __future__ import annotations

import importlib
import re
from functools import cache
from typing import Any

from babel.lists import format_list
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError

from services.core.i18n import _, locale_of

# Lengths of the compact number (after any VAT prefix) where stdnum checks the layout before the length, so probing
# cannot find them (`_lengths`): module -> (lengths, digits only).
LENGTHS: dict[str, tuple[tuple[int, ...], bool]] = {
    'stdnum.us.ein': ((9,), True),
    'stdnum.us.ssn': ((9,), True),
    'stdnum.us.itin': ((9,), True),
    'stdnum.kr.rrn': ((13,), True),
    'stdnum.es.nif': ((9,), False),
}


def either(names: list[str]) -> str:
    """'A', 'A or B', 'A, B or C' in the current language."""
    return format_list(names, style='or', locale=locale_of())


def refusal_reason(value: str, module: Any | None, error: StdnumError) -> str:
    """Why python-stdnum refused `value` (its compact number), in our own words for each of its exception classes
    (their texts are English): "it should have 9 digits", "the check digit does not match", …"""
    if isinstance(error, InvalidChecksum):
        return _('the check digit does not match')
    lengths, digits = _lengths(module.__name__) if module is not None else ((), False)
    typed = len(re.sub(r'[^0-9A-Za-z]', '', value))
    if lengths and (isinstance(error, InvalidLength) or (typed not in lengths and isinstance(error, InvalidFormat))):
        count = either([str(length) for length in lengths])
        if digits:
            return _('it should have {count} digits').format(count=count)
        return _('it should have {count} characters').format(count=count)
    if isinstance(error, InvalidLength):
        return _('it has too many or too few characters')
    if isinstance(error, InvalidFormat):
        return _('letters, digits or signs are in the wrong place')
    if isinstance(error, InvalidComponent):
        return _('a part of it does not exist (such as its prefix, region or date)')
    return _('it is not a number of this kind')


@cache
def _lengths(name: str) -> tuple[tuple[int, ...], bool]:
    """The lengths a scheme's compact number can have, and whether it is digits only: from `LENGTHS`, else found by
    validating strings of 1 to 20 characters (a length stdnum does not refuse as a length); none when too many fit."""
    if name in LENGTHS:
        return LENGTHS[name]
    module = importlib.import_module(name)
    fitting: list[int] = []
    digits = True
    for length in range(1, 21):
        for sample in ('1' * length, 'A' + '1' * (length - 1)):
            try:
                module.validate(sample)
            except InvalidLength:
                continue
            except StdnumError as error:
                digits = digits and not (sample[0] == '1' and isinstance(error, InvalidFormat))
            fitting.append(length)
            break
    return (tuple(fitting), digits) if 0 < len(fitting) <= 3 else ((), False)
