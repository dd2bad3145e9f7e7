"""Amounts of money and other typed numbers: reading them as people type them, rounding, and showing them.

One module owns money parsing and formatting (Babel: `parse_decimal`, `get_currency_precision`, `format_currency`);
every entry point that takes an amount (invoice lines, Products & Services, payments) reads it with `read_amount`.

How a typed number is read (`read_number`), with the user's locale (`services.core.i18n.locale_of()` by default):
- Spaces, apostrophes, currency symbols and the currency's code are ignored: `€ 1 234,50`, `50,000원`, `USD 12.50`.
- A number with several separators, or one separator not followed by exactly three digits, has one reading: the
  locale's (`1,234.50` in English) or, when the locale cannot read it, the other convention's (`12,50` in an
  English UI is 12.5; `1,234,567` in a Spanish UI is 1234567).
- One separator followed by exactly three digits (`1,000`, `1.005`) is where the conventions collide:
  - the locale's decimal sign (`1.005` in English) is read as the locale says (1.005);
  - the locale's group separator (`1,000` in English, `1.000` in Spanish) could be a thousand or one: both readings
    are offered (`NumberReading.choices`) and the user picks one, unless only one of them fits the field
    (decimals, range), or the currency has no minor unit (KRW, JPY: `50,000` and `50.000` are fifty thousand,
    as nobody writes fractions of a won to three places).

Line arithmetic (the rule every invoice, PDF, email and profile follows): quantities and unit prices keep what was
typed, up to `UNIT_DECIMALS` decimals, and are printed in full; a line's net is quantity x unit price rounded half up
to the currency's minor unit (ISO 4217 via CLDR). So printed quantity x printed unit price, rounded, is always the
printed net: 3 x 1.005 EUR = 3.02 EUR (3.015 rounded), never 3 x 1.01 = 3.02.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from functools import cache

import pycountry
from babel.core import Locale
from babel.numbers import (
    NumberFormatError,
    format_currency,
    format_decimal,
    get_currency_precision,
    get_currency_symbol,
    get_decimal_symbol,
)
from babel.numbers import parse_decimal as babel_parse_decimal

from services.core.i18n import _, locale_of

UNIT_DECIMALS = 4  # quantities and unit prices: 0.0125 EUR per piece is a real price
RATE_DECIMALS = 3  # VAT and sales-tax rates in percent: US local sales taxes have three (8.875 % in New York City)
MAX_RATE = Decimal(100)
MAX_PRICE = Decimal('999999999999')
_IGNORED = frozenset(" '\u2019\u00a0\u202f\u2009\u2007_")
# Words people type after an amount instead of the symbol (the won, yen and yuan signs in their own script).
_CURRENCY_WORDS = {'KRW': ('원',), 'JPY': ('円',), 'CNY': ('元',)}
_NUMBER = re.compile(r'^[0-9.,]+$')


class Problem(StrEnum):
    EMPTY = 'empty'
    INVALID = 'invalid'
    DECIMALS = 'decimals'
    RANGE = 'range'
    AMBIGUOUS = 'ambiguous'


@dataclass(frozen=True)
class NumberReading:
    """What a typed number means: one `value`, or a `problem` (with the possible values when ambiguous)."""

    value: Decimal | None
    problem: Problem | None = None
    choices: tuple[Decimal, ...] = ()

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class Choice:
    """One reading of an ambiguous number: what to put in the field (`text`) and how it will be stored (`shown`)."""

    text: str
    shown: str


def offer(
    reading: NumberReading,
    typed: str,
    shown: Callable[[Decimal], str],
    *,
    places: int = 0,
    locale: Locale | None = None,
) -> tuple[str, tuple[Choice, ...]]:
    """For an ambiguous reading: the question to show under the field and the choices that answer it."""
    choices = tuple(Choice(input_text(value, places=places, locale=locale), shown(value)) for value in reading.choices)
    message = _('{typed} could be {first} or {second}: choose one').format(
        typed=typed.strip(), first=choices[0].shown, second=choices[-1].shown
    )
    return message, choices


@cache
def is_currency(code: str) -> bool:
    return len(code) == 3 and pycountry.currencies.get(alpha_3=code.upper()) is not None


def decimals(currency: str) -> int:
    """The currency's minor unit from CLDR: 2 for EUR, 0 for KRW and JPY, 3 for BHD."""
    return int(get_currency_precision(currency.upper()))


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Round half up to the currency's minor unit (cents; whole won or yen)."""
    return amount.quantize(Decimal(1).scaleb(-decimals(currency)), rounding=ROUND_HALF_UP)


def line_net(quantity: Decimal, unit_price: Decimal, currency: str) -> Decimal:
    """The net of an invoice line: the exact product of what is printed, rounded once (see the module docstring)."""
    return round_money(quantity * unit_price, currency)


_LETTER_THEN_DIGIT = re.compile(r'([A-Za-z])(\d)')


def format_money(amount: Decimal, currency: str, *, locale: Locale | str | None = None) -> str:
    """An amount as the locale writes it (CLDR's standard currency pattern): `₩55,000` (ko), `55.000,00 €` (es),
    `€1,234.50` (en); rounded to the currency's minor unit. CLDR keeps symbols apart per locale: USD is `US$` in
    Spanish and Korean, the Mexican peso `MX$` in English."""
    return _spaced(format_currency(round_money(amount, currency), currency.upper(), locale=_locale(locale)))


def format_price(amount: Decimal, currency: str, *, locale: Locale | str | None = None) -> str:
    """A unit price with every decimal it has (at least the currency's, at most `UNIT_DECIMALS`): `1,005 €` (es)."""
    return _spaced(format_currency(amount, currency.upper(), locale=_locale(locale), decimal_quantization=False))


def _spaced(text: str) -> str:
    """CLDR's currency spacing, which Babel leaves out: a code used as the symbol is kept apart from the digits by a
    no-break space (`BHD 0.125`, not `BHD0.125`); symbols such as `€`, `₩`, `US$` stay attached."""
    return _LETTER_THEN_DIGIT.sub('\\1\u00a0\\2', text, count=1)


def format_number(value: Decimal, *, locale: Locale | str | None = None) -> str:
    """A quantity or rate for people, without trailing zeros: 1.50 -> `1.5` (English), `1,5` (Spanish)."""
    return format_decimal(value, format='#,##0.####', locale=_locale(locale))


def input_text(value: Decimal, *, places: int = 0, locale: Locale | str | None = None) -> str:
    """A value as it would be typed, without group separators (so it reads back unambiguously): `1000.00`."""
    fraction = '0' * places + '#' * max(UNIT_DECIMALS - places, 0)
    return format_decimal(value, format='0.' + fraction if fraction else '0', locale=_locale(locale))


def decimal_text(value: Decimal) -> str:
    """The locale-free form stored in invoice lines: 1.50 -> '1.5', 19.00 -> '19'."""
    text = f'{value.normalize():f}'
    return text if '.' not in text else text.rstrip('0').rstrip('.')


def read_number(
    raw: object,
    *,
    locale: Locale | str | None = None,
    max_decimals: int = UNIT_DECIMALS,
    minimum: Decimal | None = None,
    maximum: Decimal | None = None,
    currency: str | None = None,
) -> NumberReading:
    """Read a typed number (see the module docstring for the rules); `currency` also ignores its symbol and code."""
    loc = _locale(locale)
    text = _strip(str(raw or ''), currency, loc)
    if not text:
        return NumberReading(None, Problem.EMPTY)
    negative = text[0] in '-−'
    if text[0] in '-−+':
        text = text[1:]
    if not _NUMBER.match(text) or not any(ch.isdigit() for ch in text):
        return NumberReading(None, Problem.INVALID)
    readings = _readings(text, loc, zero_decimal_currency=currency is not None and decimals(currency) == 0)
    if not readings:
        return NumberReading(None, Problem.INVALID)
    if negative:
        readings = [-value for value in readings]
    fitting = []
    problem = Problem.INVALID
    for value in readings:
        verdict = _fits(value, max_decimals, minimum, maximum)
        if verdict is None:
            fitting.append(value)
        elif not fitting:
            problem = verdict if problem is Problem.INVALID else problem
    if not fitting:
        return NumberReading(None, problem)
    if len(fitting) > 1:
        return NumberReading(None, Problem.AMBIGUOUS, tuple(fitting))
    return NumberReading(fitting[0])


def read_amount(
    raw: object,
    currency: str,
    *,
    unit_price: bool = False,
    locale: Locale | str | None = None,
    minimum: Decimal | None = Decimal(0),
    maximum: Decimal | None = MAX_PRICE,
) -> NumberReading:
    """An amount of `currency`: at most its minor unit's decimals (a unit price: up to `UNIT_DECIMALS`)."""
    places = max(decimals(currency), UNIT_DECIMALS) if unit_price else decimals(currency)
    return read_number(
        raw, locale=locale, max_decimals=places, minimum=minimum, maximum=maximum, currency=currency.upper()
    )


def read_rate(raw: object, *, locale: Locale | str | None = None) -> NumberReading:
    """A VAT or sales-tax rate in percent: 0 to 100, at most `RATE_DECIMALS` decimals (8.875, 10.25); empty is 0 %."""
    if not str(raw or '').strip():
        return NumberReading(Decimal(0))
    return read_number(raw, locale=locale, max_decimals=RATE_DECIMALS, minimum=Decimal(0), maximum=MAX_RATE)


def rate_rule(*, locale: Locale | str | None = None) -> str:
    """What `read_rate` accepts, in the same words wherever a rate is typed."""
    return _('A rate in percent from 0 to 100, with at most {places} decimals, e.g. {example}').format(
        places=RATE_DECIMALS, example=input_text(Decimal('8.875'), locale=locale)
    )


def parse_decimal(raw: object, *, locale: Locale | str | None = None) -> Decimal | None:
    """The one value of a typed number, or None (empty, not a number, or ambiguous)."""
    return read_number(raw, locale=locale, max_decimals=12).value


def _readings(text: str, loc: Locale, *, zero_decimal_currency: bool) -> list[Decimal]:
    decimal_sign = get_decimal_symbol(loc)
    separators = [index for index, ch in enumerate(text) if ch in '.,']
    if len(separators) == 1:
        at = separators[0]
        before, after, sign = text[:at], text[at + 1 :], text[at]
        if len(after) == 3 and 1 <= len(before) <= 3 and before[0] != '0':
            thousands, fraction = Decimal(before + after), Decimal(f'{before}.{after}')
            if zero_decimal_currency:
                return [thousands]
            return [fraction] if sign == decimal_sign else [thousands, fraction]
    for candidate in (loc, _other_convention(decimal_sign)):
        try:
            return [babel_parse_decimal(text, locale=candidate, strict=True)]
        except (NumberFormatError, InvalidOperation, ValueError):
            continue
    return []


def _fits(value: Decimal, max_decimals: int, minimum: Decimal | None, maximum: Decimal | None) -> Problem | None:
    if not value.is_finite():
        return Problem.INVALID
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        return Problem.RANGE
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > max_decimals:
        return Problem.DECIMALS
    return None


def _strip(text: str, currency: str | None, loc: Locale) -> str:
    text = unicodedata.normalize('NFKC', text).strip()
    if currency:
        for word in (currency, get_currency_symbol(currency, loc), *_CURRENCY_WORDS.get(currency, ())):
            text = re.sub(re.escape(word), '', text, flags=re.IGNORECASE)
    return ''.join(ch for ch in text if ch not in _IGNORED and unicodedata.category(ch) != 'Sc' and not ch.isspace())


def _other_convention(decimal_sign: str) -> Locale:
    """The locale that reads `.` and `,` the other way round."""
    return Locale.parse('de' if decimal_sign == '.' else 'en')


def _locale(locale: Locale | str | None) -> Locale:
    if locale is None:
        return locale_of()
    return locale if isinstance(locale, Locale) else Locale.parse(locale)
