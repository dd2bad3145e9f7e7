"""An invoice as typed (lines, terms, message) and the verdict on it: totals, VAT per rate, due date, reminders.

Pure functions: the live form and the save path use the same calculation. Numbers are read with the user's locale by
`core.values.money` (see there for the reading rules and the line arithmetic: net = quantity x unit price, rounded
once to the currency's minor unit, with quantity and unit price kept and printed with up to 4 decimals).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from babel.core import Locale
from pydantic import BaseModel, ConfigDict, Field

from services.core.i18n import _
from services.core.values.money import (
    UNIT_DECIMALS,
    Choice,
    Problem,
    decimal_text,
    decimals,
    format_number,
    format_price,
    line_net,
    offer,
    rate_rule,
    read_amount,
    read_number,
    read_rate,
    round_money,
)
from services.core.values.validation import clean, whole_number

MAX_LINES = 100
MAX_MESSAGE_LENGTH = 5000
MAX_QUANTITY = Decimal('1000000')
MAX_PRICE = Decimal('999999999999')


class LineDraft(BaseModel):
    model_config = ConfigDict(validate_assignment=True)

    description: str = ''
    quantity: str = '1'
    unit: str = ''
    unit_price: str = ''
    vat_rate: str = ''

    def is_blank(self) -> bool:
        return not (clean(self.description) or clean(self.unit_price))


class InvoiceDraft(BaseModel):
    model_config = ConfigDict(validate_assignment=True)

    lines: list[LineDraft] = Field(default_factory=lambda: [LineDraft()])
    payment_terms: str = ''
    message: str = ''
    reminders: bool = True


@dataclass(frozen=True)
class InvoiceLine:
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    vat_rate: Decimal
    net: Decimal

    def stored(self) -> dict[str, str]:
        return {
            'description': self.description,
            'quantity': decimal_text(self.quantity),
            'unit': self.unit,
            'unit_price': decimal_text(self.unit_price),
            'vat_rate': decimal_text(self.vat_rate),
            'net': str(self.net),
        }


@dataclass(frozen=True)
class VatAmount:
    rate: Decimal
    net: Decimal
    vat: Decimal

    def stored(self) -> dict[str, str]:
        return {'rate': decimal_text(self.rate), 'net': str(self.net), 'vat': str(self.vat)}


@dataclass(frozen=True)
class InvoiceReport:
    currency: str
    issue_date: date
    payment_terms_days: int
    due_date: date
    lines: tuple[InvoiceLine, ...]
    vat: tuple[VatAmount, ...]
    net_total: Decimal
    vat_total: Decimal
    total: Decimal
    message: str
    reminders: bool
    reminder_dates: tuple[date, ...]
    errors: dict[str, str] = field(default_factory=dict)
    line_errors: dict[int, dict[str, str]] = field(default_factory=dict)
    # Ambiguous numbers by line and field: the readings to choose from (see `services.core.values.money`).
    line_choices: dict[int, dict[str, tuple[Choice, ...]]] = field(default_factory=dict)

    @property
    def can_save(self) -> bool:
        return not self.errors and not self.line_errors


def check_invoice_draft(
    draft: InvoiceDraft,
    *,
    currency: str,
    today: date,
    default_terms: int,
    reminder_days: list[int],
    locale: Locale | None = None,
) -> InvoiceReport:
    """Validate every line and compute the totals the invoice will carry. Blank lines are ignored.

    Numbers are read with `locale` (default: the current user's).
    """
    errors: dict[str, str] = {}
    line_errors: dict[int, dict[str, str]] = {}
    line_choices: dict[int, dict[str, tuple[Choice, ...]]] = {}
    lines: list[InvoiceLine] = []
    for index, line in enumerate(draft.lines):
        if line.is_blank():
            continue
        checked, problems, choices = _check_line(line, currency, locale)
        if choices:
            line_choices[index] = choices
        if problems:
            line_errors[index] = problems
        elif checked is not None:
            lines.append(checked)
    if not lines and not line_errors:
        errors['lines'] = _('Add at least one line')
    if len(draft.lines) > MAX_LINES:
        errors['lines'] = _('At most {count} lines').format(count=MAX_LINES)
    terms_text = clean(draft.payment_terms)
    terms = default_terms
    if terms_text:
        days = whole_number(terms_text, maximum=365)
        if days is not None:
            terms = days
        else:
            errors['payment_terms'] = _('Whole days between 0 and 365')
    message = clean(draft.message)
    if len(message) > MAX_MESSAGE_LENGTH:
        errors['message'] = _('At most {count} characters').format(count=MAX_MESSAGE_LENGTH)
    vat = _vat_per_rate(lines, currency)
    net_total = sum((line.net for line in lines), Decimal(0))
    vat_total = sum((amount.vat for amount in vat), Decimal(0))
    due = today + timedelta(days=terms)
    reminders = tuple(due + timedelta(days=day) for day in sorted(set(reminder_days))) if draft.reminders else ()
    return InvoiceReport(
        currency=currency,
        issue_date=today,
        payment_terms_days=terms,
        due_date=due,
        lines=tuple(lines),
        vat=vat,
        net_total=round_money(net_total, currency),
        vat_total=round_money(vat_total, currency),
        total=round_money(net_total + vat_total, currency),
        message=message,
        reminders=draft.reminders,
        reminder_dates=reminders,
        errors=errors,
        line_errors=line_errors,
        line_choices=line_choices,
    )


def _check_line(
    line: LineDraft, currency: str, locale: Locale | None
) -> tuple[InvoiceLine | None, dict[str, str], dict[str, tuple[Choice, ...]]]:
    problems: dict[str, str] = {}
    choices: dict[str, tuple[Choice, ...]] = {}
    description = ' '.join(clean(line.description).split())
    if not description:
        problems['description'] = _('Describe the product or service')
    elif len(description) > 200:
        problems['description'] = _('At most {count} characters').format(count=200)
    unit = ' '.join(clean(line.unit).split())[:20]
    quantity = read_number(line.quantity, locale=locale, minimum=Decimal(0), maximum=MAX_QUANTITY)
    price = read_amount(line.unit_price, currency, unit_price=True, locale=locale, maximum=MAX_PRICE)
    rate = read_rate(line.vat_rate, locale=locale)
    checks = (
        ('quantity', quantity, _('More than 0'), lambda value: format_number(value, locale=locale)),
        ('unit_price', price, _('A price of 0 or more'), lambda value: format_price(value, currency, locale=locale)),
        ('vat_rate', rate, rate_rule(locale=locale), lambda value: f'{format_number(value, locale=locale)} %'),
    )
    for key, reading, message, shown in checks:
        if reading.problem is Problem.AMBIGUOUS:
            places = decimals(currency) if key == 'unit_price' else 0
            problems[key], choices[key] = offer(reading, getattr(line, key), shown, places=places, locale=locale)
        elif reading.problem is Problem.DECIMALS and key != 'vat_rate':
            problems[key] = _('At most {places} decimals').format(places=UNIT_DECIMALS)
        elif not reading.ok or (key == 'quantity' and reading.value == 0):
            problems[key] = message
    if problems or quantity.value is None or price.value is None or rate.value is None:
        return None, problems, choices
    net = line_net(quantity.value, price.value, currency)
    return InvoiceLine(description, quantity.value, unit, price.value, rate.value, net), {}, {}


def _vat_per_rate(lines: list[InvoiceLine], currency: str) -> tuple[VatAmount, ...]:
    """VAT is computed once per rate on the sum of that rate's lines, as invoices show it."""
    nets: dict[Decimal, Decimal] = {}
    for line in lines:
        nets[line.vat_rate] = nets.get(line.vat_rate, Decimal(0)) + line.net
    return tuple(
        VatAmount(rate, net, round_money(net * rate / 100, currency))
        for rate, net in sorted(nets.items(), reverse=True)
    )
