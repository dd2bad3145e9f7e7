"""Amounts of money: parsing what people type, rounding to the currency's minor unit, and showing them."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache

import pycountry

# ISO 4217 currencies without a minor unit that small businesses are likely to invoice in.
ZERO_DECIMAL_CURRENCIES = frozenset({'JPY', 'KRW', 'VND', 'CLP', 'ISK', 'PYG', 'UGX', 'XAF', 'XOF'})


@cache
def is_currency(code: str) -> bool:
    return len(code) == 3 and pycountry.currencies.get(alpha_3=code.upper()) is not None


def decimals(currency: str) -> int:
    return 0 if currency.upper() in ZERO_DECIMAL_CURRENCIES else 2


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Round half up to the currency's minor unit (cents; whole won or yen)."""
    return amount.quantize(Decimal(1).scaleb(-decimals(currency)), rounding=ROUND_HALF_UP)


def format_money(amount: Decimal, currency: str) -> str:
    """`1,234.50 EUR`, `50,000 KRW`: one unambiguous form for every locale."""
    return f'{round_money(amount, currency):,.{decimals(currency)}f} {currency.upper()}'


def format_number(value: Decimal) -> str:
    """A quantity or rate without trailing zeros: 1.50 -> 1.5, 19.00 -> 19."""
    normalized = value.normalize()
    text = f'{normalized:f}'
    return text if '.' not in text else text.rstrip('0').rstrip('.')


def parse_decimal(raw: object) -> Decimal | None:
    """Read a number as people type it: `12.50`, `12,50`, `1,234.50`, `1 234,50`. None when it is not a number."""
    text = str(raw or '').strip().replace(' ', '').replace('\u00a0', '').replace("'", '')
    if not text:
        return None
    if ',' in text and '.' in text:
        text = text.replace(',', '') if text.rfind('.') > text.rfind(',') else text.replace('.', '').replace(',', '.')
    elif text.count(',') == 1:
        text = text.replace(',', '.')
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
