"""The normalised text a customer is found by, and the same normalisation for what the user types."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import phonenumbers

from services.core.values.tax_ids import search_variants

# Separates the fields in the search text; search terms never contain it, so a match never spans two fields.
FIELD_SEPARATOR = '|'
# Trigram indexes (SQLite FTS5, PostgreSQL pg_trgm) need at least this many characters to use the index.
MIN_INDEXED_TERM = 3
_NOT_ASCII_ALNUM = re.compile('[^a-z0-9]')


@lru_cache(maxsize=65_536)  # cities, postal codes, countries and domains repeat; an import computes ~10 per row
def search_key(text: str) -> str:
    """Case-folded, accent-free, letters and digits only: 'José-Pérez 12' -> 'joseperez12', '김민준' stays '김민준'."""
    if text.isascii():  # the same result: ASCII is its own NFKD/NFC, has no combining marks, casefold() is lower()
        return _NOT_ASCII_ALNUM.sub('', text.lower())
    decomposed = unicodedata.normalize('NFKD', text.casefold())
    without_accents = ''.join(ch for ch in decomposed if not unicodedata.combining(ch))
    return ''.join(ch for ch in unicodedata.normalize('NFC', without_accents) if ch.isalnum())


# Hangul syllables U+AC00..U+D7A3 are composed as (initial * 21 + medial) * 28 + final: 588 per initial consonant.
_HANGUL_FIRST, _HANGUL_LAST, _PER_INITIAL = 0xAC00, 0xD7A3, 588
_CHOSEONG_FIRST = 0x1100  # conjoining initial consonants, in the same order (ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ... ㅎ)


def initial_consonants(text: str) -> str:
    """The initial consonants (chosung) of the Hangul syllables of a name, as Korean phone contacts search them.

    '김민준' -> 'ᄀᄆᄌ' (conjoining jamo U+1100..U+1112, which is what `search_key` makes of the compatibility jamo
    'ㄱㅁㅈ' a keyboard types); other letters and digits are kept ('김민준 Design' -> 'ᄀᄆᄌdesign'); '' when the
    text has no Hangul syllable. Source of the rule: Unicode 15, section 3.12 (Hangul syllable decomposition).
    """
    key = search_key(text)
    if not any(_HANGUL_FIRST <= ord(ch) <= _HANGUL_LAST for ch in key):
        return ''
    return ''.join(
        chr(_CHOSEONG_FIRST + (ord(ch) - _HANGUL_FIRST) // _PER_INITIAL)
        if _HANGUL_FIRST <= ord(ch) <= _HANGUL_LAST
        else ch
        for ch in key
    )


def search_term(raw: str) -> str:
    """What the user typed, normalised like the search text ('+82 10-1234' -> '82101234')."""
    return search_key(raw or '')


def customer_search_text(
    *,
    number: str,
    name: str,
    contact_person: str,
    email: str,
    phone: str,
    tax_id: str,
    country: str,
    city: str,
    postal_code: str,
) -> str:
    """The denormalised search column of a customer, from its stored (normalised) values.

    Phone numbers are kept as international digits and in national format (with the trunk prefix, as people type
    them at home); a tax ID also appears with its country prefix, so "KR 116-82-00276" and "116 82 00276" both match,
    and a Greek VAT number with both prefixes (EL, as stored, and GR). Korean names also appear as their initial
    consonants, so 'ㄱㅁㅈ' finds 김민준.
    """
    parts = [number, name, initial_consonants(name), contact_person, initial_consonants(contact_person)]
    parts += [email, phone, _national_digits(phone), tax_id]
    parts += search_variants(tax_id, country)
    parts += [city, postal_code]
    return FIELD_SEPARATOR.join(key for key in (search_key(part) for part in parts) if key)


def category_sort_key(names: Iterable[str]) -> str:
    """The sort key of a customer's categories: their case-folded names in order ('' for none)."""
    return ','.join(sorted(' '.join(name.split()).casefold() for name in names))[:255]


def _national_digits(e164: str) -> str:
    if not e164:
        return ''
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return ''
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
