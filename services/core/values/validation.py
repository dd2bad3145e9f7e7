"""Field validators shared by the live form and the save path. Pure functions, no I/O, no network."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import idna
import phonenumbers
from email_validator import EmailNotValidError, validate_email

from services.core.i18n import _, ngettext
from services.core.values.checks import EMPTY, Check, Status, clean, whole_number
from services.core.values.countries import country_name, is_country
from services.core.values.postal_codes import check_postal_code, postal_format, uses_postal_codes
from services.core.values.tax_ids import check_tax_id, format_tax_id

__all__ = [
    'EMPTY',
    'Check',
    'Status',
    'ascii_domain',
    'check_country',
    'check_email',
    'check_name',
    'check_payment_terms',
    'check_phone',
    'check_postal_code',
    'check_tax_id',
    'check_text',
    'clean',
    'email_key',
    'format_phone',
    'format_tax_id',
    'name_key',
    'postal_format',
    'uses_postal_codes',
    'whole_number',
]
WIDE_AT_SIGNS = '\uff20\ufe6b'  # full-width and small commercial at, as Korean and Japanese keyboards type them
LOCAL_PART_SIGNS = ".!#$%&'*+/=?^_`{|}~-"  # RFC 5322 atext besides letters and digits, and the period between atoms
MAX_LOCAL_PART = 64  # RFC 5321 section 4.5.3.1.1
MAX_ADDRESS = 254  # what fits in a forward path (RFC 5321 section 4.5.3.1.3, less the angle brackets)
EXTENSION = ';ext='  # RFC 3966's parameter, after the E.164 number: +12015550123;ext=123


def check_name(raw: object, *, max_length: int = 200) -> Check:
    value = clean(raw).replace('\n', ' ')
    if not value:
        return EMPTY
    if len(value) > max_length:
        return Check(Status.ERROR, value, value, _('At most {max_length} characters').format(max_length=max_length))
    hints = []
    if '  ' in value:
        hints.append(_('Contains double spaces'))
    letters = [ch for ch in value if ch.isalpha()]
    if len(letters) > 3 and all(ch.isupper() for ch in letters) and any(ch.lower() != ch for ch in letters):
        hints.append(_('Written in capitals only'))
    if hints:
        return Check(Status.HINT, value, value, '; '.join(hints))
    return Check(Status.OK, value, value)


def check_text(raw: object, *, max_length: int) -> Check:
    value = clean(raw)
    if not value:
        return EMPTY
    if len(value) > max_length:
        return Check(Status.ERROR, value, value, _('At most {max_length} characters').format(max_length=max_length))
    return Check(Status.OK, value, value)


def check_email(raw: object) -> Check:
    """An address as the mail can carry it: the domain lower-cased and IDNA-normalised (kept in Unicode, sent as an
    A-label), the local part exactly as typed (`Jane.Doe@Example.com` -> `Jane.Doe@example.com`): mailboxes may be
    case-sensitive (RFC 5321 §2.4), and lower-casing is not even safe (`İ`). Duplicates compare `email_key`."""
    value = clean(raw)
    if not value:
        return EMPTY
    try:
        result = validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return Check(Status.ERROR, value, value, email_problem(value))
    return Check(Status.OK, result.normalized, result.normalized)


def email_problem(address: str) -> str:
    """What is wrong with an address email_validator refused, in the user's language: the library's own reasons are
    English sentences of one exception class, so the address is read again here, part by part, for a specific one."""
    local, at, domain = address.rpartition('@')
    if not at:
        if any(sign in address for sign in WIDE_AT_SIGNS):
            return _('Use the ordinary @-sign; this one is a full-width character.')
        return _('An email address must have an @-sign.')
    if '@' in local:
        return _('An email address has only one @-sign.')
    if not local:
        return _('There must be something before the @-sign.')
    if not domain:
        return _('There must be something after the @-sign.')
    if any(ch.isspace() for ch in address):
        return _('An email address cannot contain spaces.')
    if '..' in address:
        return _('An email address cannot have two periods in a row.')
    if local.startswith('.') or local.endswith('.'):
        return _('The part before the @-sign cannot start or end with a period.')
    wrong = _wrong_characters(local, LOCAL_PART_SIGNS)
    if wrong:
        return _('Characters not allowed before the @-sign: {characters}').format(characters=wrong)
    wrong = _wrong_characters(domain, '.-')
    if wrong:
        return _('Characters not allowed after the @-sign: {characters}').format(characters=wrong)
    labels = domain.split('.')
    if domain.startswith('.') or domain.endswith('.') or any(label[:1] == '-' or label[-1:] == '-' for label in labels):
        return _('A part of the domain after the @-sign cannot start or end with a hyphen or a period.')
    if '.' not in domain.rstrip('.'):
        return _('The part after the @-sign needs a period, as in example.com.')
    if len(local) > MAX_LOCAL_PART:
        return _('The part before the @-sign is too long (at most {count} characters).').format(count=MAX_LOCAL_PART)
    if len(address) > MAX_ADDRESS:
        return _('The email address is too long (at most {count} characters).').format(count=MAX_ADDRESS)
    try:
        validate_email(f'mail@{domain}', check_deliverability=False)
    except EmailNotValidError:
        return _('The part after the @-sign is not a domain that can receive email.')
    return _('The part before the @-sign is not valid.')


def _wrong_characters(part: str, allowed: str) -> str:
    """The characters of `part` that are neither letters nor digits (of any script) nor in `allowed`: quoted, or as
    their code point when they cannot be seen (`U+200B`), which reads the same in every language."""
    wrong = dict.fromkeys(ch for ch in part if not ch.isalnum() and ch not in allowed)
    return ' '.join(repr(ch) if ch.isprintable() else f'U+{ord(ch):04X}' for ch in wrong)


def email_key(address: str) -> str:
    """What two spellings of one address share: the local part case-folded, the domain as a lower-case A-label."""
    local, _at, domain = address.rpartition('@')
    if not local:
        return address.casefold()
    return f'{local.casefold()}@{ascii_domain(domain)}'


@lru_cache(maxsize=4096)  # pure; imports see the same few domains on thousands of rows
def ascii_domain(domain: str) -> str:
    """A domain as the DNS and SMTP know it: `bücher.example` -> `xn--bcher-kva.example` (IDNA 2008, UTS #46);
    a domain that cannot be encoded comes back lower-cased (the mail path then refuses it with a reason)."""
    try:
        return idna.encode(domain, uts46=True).decode('ascii')
    except idna.IDNAError:
        return domain.lower()


def check_phone(raw: object, country: str) -> Check:
    """E.164 plus the extension when one was typed (`(201) 555-0123 x123` -> `+12015550123;ext=123`)."""
    value = clean(raw)
    if not value:
        return EMPTY
    region = country.upper() if is_country(country) else None
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        hint = '' if region else _(' (choose a country or start with +)')
        return Check(Status.ERROR, value, value, _('Not a phone number{hint}').format(hint=hint))
    if not phonenumbers.is_valid_number(number):
        where = _(' for {country}').format(country=country_name(region)) if region and not value.startswith('+') else ''
        return Check(Status.ERROR, value, value, _('Not a valid phone number{where}').format(where=where))
    stored = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if number.extension:
        stored += EXTENSION + number.extension
    return Check(Status.OK, stored, format_phone(stored))


def format_phone(stored: str) -> str:
    """A stored number (E.164, maybe with its extension) in international format: `+1 201-555-0123 ext. 123`."""
    if not stored:
        return ''
    try:
        number = phonenumbers.parse(stored, None)
    except phonenumbers.NumberParseException:
        return stored
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def check_country(raw: object) -> Check:
    value = clean(raw).upper()
    if not value:
        return EMPTY
    if not is_country(value):
        return Check(Status.ERROR, value, value, _('Unknown country'))
    return Check(Status.OK, value, country_name(value))


def check_payment_terms(raw: object) -> Check:
    text = clean(raw)
    if not text:
        return EMPTY
    if whole_number(text, maximum=10**9) is None:
        return Check(Status.ERROR, text, text, _('A whole number of days'))
    days = int(text)
    if days > 365:
        return Check(Status.ERROR, days, str(days), _('At most 365 days'))
    return Check(Status.OK, days, ngettext('{count} day', '{count} days', days).format(count=days))


def name_key(name: str) -> str:
    """Case-folded, accent-free, single-spaced: 'José  Müller' -> 'jose muller'."""
    decomposed = unicodedata.normalize('NFKD', name.casefold())
    stripped = ''.join(ch for ch in decomposed if not unicodedata.combining(ch))
    return ' '.join(stripped.split())
