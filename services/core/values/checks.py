"""The verdict on one typed value (`Check`), shared by every validator, and the cleaning every value gets first."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar, cast

T = TypeVar('T')


class Status(StrEnum):
    OK = 'ok'
    HINT = 'hint'
    ERROR = 'error'
    MISSING = 'missing'
    EMPTY = 'empty'


@dataclass(frozen=True)
class Check:
    """The verdict on one field: the value as it will be stored, how to show it, and what to tell the user.

    `display` is what every page and document shows for the stored `value` (the summary promises it before saving).
    `verified` is False when only the format could be checked (a tax ID without a verifiable check digit).
    """

    status: Status
    value: Any = ''
    display: str = ''
    message: str = ''
    detail: str = ''
    verified: bool = True

    @property
    def blocks_saving(self) -> bool:
        return self.status in (Status.ERROR, Status.MISSING)


EMPTY = Check(Status.EMPTY)


def whole_number(text: str, *, maximum: int) -> int | None:
    """`text` as a whole number from 0 to `maximum`, or None.

    Decimal digits of any script count (Arabic-Indic `٣٠`: `int()` reads them); superscripts and other
    non-decimal digits (`²`, which passes `str.isdigit()` but not `int()`) do not, nor signs, spaces or more than
    9 digits.
    """
    if not text or len(text) > 9 or not text.isdecimal():
        return None
    try:
        number = int(text)
    except ValueError:
        return None
    return number if number <= maximum else None


def storable(value: T) -> T:
    """`value` with every NUL character (U+0000) in its strings, list items and dict keys/values replaced by U+FFFD.

    For raw text kept as it came (an import's cells and headers, file names): PostgreSQL's text and JSON types cannot
    hold NUL ("\\u0000 cannot be converted to text"), SQLite can; this keeps both engines storing the same thing.
    Anything else is returned unchanged."""
    if isinstance(value, str):
        return cast(T, value.replace('\x00', '\ufffd'))
    if isinstance(value, list):
        return cast(T, [storable(item) for item in value])
    if isinstance(value, tuple):
        return cast(T, tuple(storable(item) for item in value))
    if isinstance(value, dict):
        return cast(T, {storable(key): storable(item) for key, item in value.items()})
    return value


def clean(raw: object) -> str:
    """Trim, drop control characters and normalise Unicode to NFC."""
    text = unicodedata.normalize('NFC', str(raw or ''))
    if text.isprintable():  # no character of category C (nor a separator but the space): nothing to drop
        return text.strip()
    return ''.join(ch for ch in text if ch in '\n\t' or unicodedata.category(ch)[0] != 'C').strip()
