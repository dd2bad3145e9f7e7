"""Tax IDs judged honestly, with python-stdnum: which scheme, whether a check digit was verified, one stored form.

- The scheme comes from the country and the customer's kind where a country has separate ones (United States:
  a company has an EIN `04-2103594`, a person an SSN or ITIN `078-05-1120`); stdnum's generic modules guess the type
  from the digits and would print an EIN in the layout of an SSN.
- `Check.verified` is True only when a check digit was computed and matched. Schemes whose stdnum module checks only
  the format (found by reading the module: it never raises `InvalidChecksum`, itself or through the modules it
  delegates to) are reported as "format OK, check digit not verifiable", never as valid. South Korea's business
  registration number gets the National Tax Service check digit here, which stdnum 2.2 does not compute.
- The stored form is the canonical compact one; VAT prefixes that differ from the ISO country code map to the VAT
  prefix (Greece: `GR094019245` -> `EL094019245`); Northern Ireland's `XI` is a prefix of its own and is kept.
  `format_tax_id` shows a stored number the same way in the form, the summary, the profile, the PDF and the export.
"""

from __future__ import annotations

import importlib
import inspect
import re
from functools import cache
from typing import Any

from stdnum.eu import vat as eu_vat
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.util import get_cc_module

from services.core.i18n import N_, _
from services.core.values.checks import EMPTY, Check, Status, clean
from services.core.values.countries import country_name
from services.core.values.tax_id_reasons import refusal_reason

PERSON = 'person'
COMPANY = 'company'
# Countries whose people and companies have different schemes: the kind's own schemes are tried first, in order.
SCHEMES_BY_KIND: dict[str, dict[str, tuple[str, ...]]] = {
    'us': {COMPANY: ('us.ein',), PERSON: ('us.ssn', 'us.itin', 'us.ein')},
    'br': {COMPANY: ('br.cnpj',), PERSON: ('br.cpf', 'br.cnpj')},
    'in': {COMPANY: ('in_.gstin', 'in_.pan'), PERSON: ('in_.pan', 'in_.gstin')},
}
# VAT prefixes that are not the ISO country code (EU VIES): country -> prefix.
VAT_PREFIX = {'GR': 'EL'}
PREFIX_ALIASES = {'GR': 'EL'}  # typed prefix -> canonical prefix
KR_BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
# Names people know a scheme by, for stdnum's English docstring lines (`Check.detail`, stored as the scheme); any
# other scheme is shown by the acronym its line starts with (`NIF`, `RFC`, `CUIT`), which reads the same everywhere.
SCHEME_NAMES = {
    'EIN (U.S. Employer Identification Number)': N_('EIN (employer identification number)'),
    'SSN (U.S. Social Security Number)': N_('SSN (social security number)'),
    'ITIN (U.S. Individual Taxpayer Identification Number)': N_('ITIN (individual taxpayer identification number)'),
    'BRN (사업자 등록 번호, South Korea Business Registration Number)': N_('business registration number'),
    'RRN (South Korean resident registration number)': N_('resident registration number'),
}


def check_tax_id(raw: object, country: str, kind: str = COMPANY) -> Check:
    """Check a tax ID for the customer's country and kind. `value` is the canonical compact form, `display` the
    formatted one, `detail` the scheme's name, `verified` whether a check digit was verified."""
    value = clean(raw)
    if not value:
        return EMPTY
    cc = country.lower()
    if cc in eu_vat.MEMBER_STATES and cc != 'xi':
        return _check_eu_vat(value, cc)
    if cc == 'gb':
        return _check_gb_vat(value)
    modules = _modules(cc, kind)
    if not modules:
        compact = re.sub(r'\s+', '', value).upper()
        message = _('Not checked: no tax ID check known for {country}').format(country=country_name(country))
        return Check(Status.HINT, compact, compact, message, verified=False)
    first_error: Check | None = None
    valid: list[Check] = []
    for module in modules:
        try:
            compact = _validate(module, value)
        except StdnumError as error:
            first_error = first_error or _invalid(value, module, error)
            continue
        valid.append(_valid(module, compact, _format(module, compact)))
    if not valid:
        assert first_error is not None
        return first_error
    # The user's separators decide between schemes that both fit (an EIN typed 04-2103594 stays an EIN for a person).
    typed = re.sub(r'\s+', ' ', value).upper()
    return next((check for check in valid if check.display.upper() == typed), valid[0])


def format_tax_id(stored: str, country: str, kind: str = COMPANY, scheme: str = '') -> str:
    """A stored tax ID as every page and document shows it: in the layout of its stored `scheme` when given (a
    person's EIN is shown as an EIN), else of the first scheme that fits; the stored value when none does."""
    if not stored:
        return ''
    cc = country.lower()
    if scheme and cc not in eu_vat.MEMBER_STATES and cc != 'gb':
        for module in (*_modules(cc, PERSON), *_modules(cc, COMPANY)):
            if _scheme(module) == scheme:
                try:
                    return _format(module, _validate(module, stored))
                except StdnumError:
                    break
    check = check_tax_id(stored, country, kind)
    return check.display if check.status in (Status.OK, Status.HINT) else stored


def search_variants(stored: str, country: str) -> list[str]:
    """Other spellings people search for: the ISO-code prefix of a VAT number (`GR094019245` for `EL...`) and the
    number with its country code in front (`KR1168200276`)."""
    variants = []
    prefix = VAT_PREFIX.get(country.upper())
    if prefix and stored.upper().startswith(prefix):
        variants.append(country.upper() + stored[len(prefix) :])
    if stored and not stored.upper().startswith((country.upper(), prefix or country.upper())):
        variants.append(country.upper() + stored)
    return variants


def verifies_check_digit(module: Any) -> bool:
    """Whether validating with this stdnum module checks a check digit (see the module docstring)."""
    return module.__name__ in OWN_CHECK_DIGITS or _raises_checksum(module.__name__)


def kr_brn_check_digit(digits: str) -> int:
    """The National Tax Service check digit of a Korean business registration number's first nine digits:
    the digits weighted 1,3,7,1,3,7,1,3,5, plus the tens of the ninth digit x 5; then 10 minus the last digit."""
    numbers = [int(ch) for ch in digits[:9]]
    total = sum(weight * digit for weight, digit in zip(KR_BRN_WEIGHTS, numbers, strict=True))
    total += numbers[8] * 5 // 10
    return (10 - total % 10) % 10


def _validate_kr_brn(module: Any, value: str) -> str:
    compact: str = module.validate(value)
    if kr_brn_check_digit(compact) != int(compact[9]):
        raise InvalidChecksum()
    return compact


OWN_CHECK_DIGITS = {'stdnum.kr.brn': _validate_kr_brn}


def _validate(module: Any, value: str) -> str:
    own = OWN_CHECK_DIGITS.get(module.__name__)
    return own(module, value) if own else str(module.validate(value))


def scheme_name(scheme: str) -> str:
    """How a scheme (`Check.detail`, `Customer.tax_id_scheme`) is named to the user, in the current language."""
    known = SCHEME_NAMES.get(scheme)
    return _(known) if known else scheme.split(' (')[0]


def scheme_names(country: str, kind: str = COMPANY) -> list[str]:
    """The names of the schemes a tax ID is checked by for this country and kind of customer, in the current language
    (`['NIF']` for Spain, `['SSN (social security number)', …]` for a person in the U.S.); none when none is known."""
    cc = country.lower()
    if cc in eu_vat.MEMBER_STATES and cc != 'xi':
        modules: tuple[Any, ...] = tuple(m for m in (_country_vat_module(VAT_PREFIX.get(cc.upper(), cc.upper())),) if m)
    elif cc == 'gb':
        modules = (_country_vat_module('GB'),)
    else:
        modules = _modules(cc, kind) if cc.isalpha() and len(cc) == 2 else ()
    return list(dict.fromkeys(scheme_name(_scheme(module)) for module in modules))


def _valid(module: Any, compact: str, shown: str) -> Check:
    scheme = _scheme(module)
    if verifies_check_digit(module):
        return Check(Status.OK, compact, shown, '', scheme)
    message = _('Format OK, check digit not verifiable ({scheme})').format(scheme=scheme_name(scheme))
    return Check(Status.OK, compact, shown, message, scheme, verified=False)


def _invalid(value: str, module: Any, error: StdnumError, scheme: str = '', number: str = '') -> Check:
    """The refusal of `value` (`number`: its part after a VAT prefix), in our own words for each of stdnum's exception
    classes: their texts are English."""
    scheme = scheme or _scheme(module)
    reason = refusal_reason(number or value, module, error)
    message = _('Not a valid {scheme}: {reason}').format(scheme=scheme_name(scheme), reason=reason)
    return Check(Status.ERROR, value, value, message, scheme, verified=False)


def _check_eu_vat(value: str, cc: str) -> Check:
    prefix = VAT_PREFIX.get(cc.upper(), cc.upper())
    candidate = re.sub(r'[\s.\-/,]', '', value).upper()
    if not candidate[:2].isalpha():
        candidate = prefix + candidate
    candidate = PREFIX_ALIASES.get(candidate[:2], candidate[:2]) + candidate[2:]
    module = _country_vat_module(candidate[:2])
    scheme = _scheme(module) if module else _('EU VAT number')
    try:
        compact = str(eu_vat.validate(candidate))
    except StdnumError as error:
        return _invalid(value, module, error, scheme, candidate[2:])
    if compact[:2] != prefix:
        message = _('VAT number of another country ({prefix})').format(prefix=compact[:2])
        return Check(Status.HINT, compact, compact, message, scheme, verified=False)
    if module is not None:
        return _valid(module, compact, compact)
    return Check(Status.OK, compact, compact, '', scheme)


def _check_gb_vat(value: str) -> Check:
    """United Kingdom: stored without the GB prefix (as before); Northern Ireland's XI prefix is kept."""
    from stdnum.gb import vat as gb_vat

    candidate = re.sub(r'[\s.\-/,]', '', value).upper()
    northern_ireland = candidate.startswith('XI')
    try:
        compact = str(gb_vat.validate(candidate[2:] if northern_ireland else candidate))
    except StdnumError as error:
        return _invalid(value, gb_vat, error)
    shown = gb_vat.format(compact)
    if northern_ireland:
        return _valid(gb_vat, f'XI{compact}', f'XI {shown}')
    return _valid(gb_vat, compact, shown)


def _format(module: Any, compact: str) -> str:
    formatter = getattr(module, 'format', None)
    return str(formatter(compact)) if callable(formatter) else compact


@cache
def _modules(cc: str, kind: str) -> tuple[Any, ...]:
    names = SCHEMES_BY_KIND.get(cc, {}).get(kind if kind in (PERSON, COMPANY) else COMPANY)
    if names:
        return tuple(importlib.import_module(f'stdnum.{name}') for name in names)
    for scheme in ('vat', 'tin', 'ein'):
        module = get_cc_module(cc, scheme)
        if module is not None:
            return (module,)
    return ()


@cache
def _country_vat_module(prefix: str) -> Any | None:
    cc = 'gr' if prefix == 'EL' else prefix.lower()
    module: Any | None = get_cc_module(cc, 'vat') if cc.isalpha() else None
    return module


@cache
def _raises_checksum(name: str, depth: int = 0) -> bool:
    """Whether the module's source raises `InvalidChecksum`, or a stdnum module it imports does (one level)."""
    module = importlib.import_module(name)
    source = inspect.getsource(module)
    if 'InvalidChecksum' in source:
        return True
    if depth > 1:
        return False
    for package, names in re.findall(r'from (stdnum(?:\.\w+)*) import ([\w ,()\n]+)', source):
        for imported in re.findall(r'\w+', names):
            qualified = f'{package}.{imported}'
            if qualified in ('stdnum.util', 'stdnum.exceptions') or not _is_module(qualified):
                continue
            if _raises_checksum(qualified, depth + 1):
                return True
    return False


def _is_module(name: str) -> bool:
    try:
        importlib.import_module(name)
    except ImportError:
        return False
    return True


def _scheme(module: Any) -> str:
    first_line: str = (module.__doc__ or module.__name__).strip().splitlines()[0]
    return first_line.rstrip('.')
