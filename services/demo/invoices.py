"""Demo invoices and payments over the last 24 months, so Reports and the invoice filters show something.

For each customer a few invoices from its registration on: most paid on time, some late, some still open (overdue
once past due), a few partly paid, a few void, about one in a hundred in another currency. Written in bulk, without
emails: demo invoices count as sent on their issue day and never send reminders.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from tortoise.transactions import in_transaction

from models import Customer, Invoice, InvoiceKind, Payment, PaymentMethod
from services.core.numbering import invoice_counter, invoice_number, reserve_values
from services.core.values.money import round_money
from services.invoicing.company_profile import get_company_profile

MONTHS = 24
BATCH = 2000
ITEMS = (
    ('Consulting', 'h', Decimal(90)),
    ('Installation', 'h', Decimal(65)),
    ('Maintenance contract', 'month', Decimal(240)),
    ('Spare parts', 'pcs', Decimal('12.50')),
    ('Training day', 'day', Decimal(780)),
    ('Delivery', 'pcs', Decimal(35)),
)
VAT_RATE = Decimal(19)


@dataclass(frozen=True)
class DemoCustomer:
    id: int
    number: str
    name: str
    country: str
    created: date


async def spread_registrations(customer_ids: Sequence[int], *, rng: random.Random, today: date) -> None:
    """Registration days spread over the last 24 months (new customers by month have something to show)."""
    async with in_transaction() as conn:
        placeholders = ('$1', '$2') if conn.capabilities.dialect == 'postgres' else ('?', '?')
        rows = []
        for customer_id in customer_ids:
            day = today - timedelta(days=rng.randrange(MONTHS * 30))
            moment = datetime.combine(day, time(8 + rng.randrange(10), rng.randrange(60)), tzinfo=UTC)
            rows.append([moment if conn.capabilities.dialect == 'postgres' else moment.isoformat(sep=' '), customer_id])
        await conn.execute_many(
            f'UPDATE customer SET created_at = {placeholders[0]} WHERE id = {placeholders[1]}',  # noqa: S608
            rows,
        )


async def seed_invoices(
    customers: Sequence[DemoCustomer], *, rng: random.Random, today: date, per_customer: float = 3.0
) -> tuple[int, int]:
    """Invoices and payments for these customers; returns (invoices, payments) created."""
    profile = await get_company_profile()
    seller = {'name': profile.display_name, 'address': profile.address, 'tax_id': profile.tax_id}
    start = today - timedelta(days=MONTHS * 30)
    plans: list[tuple[DemoCustomer, date]] = []
    for customer in customers:
        first = max(customer.created, start)
        span = (today - first).days
        if span <= 0:
            continue
        count = min(int(rng.expovariate(1 / per_customer) + 0.5), 12)
        plans += [(customer, first + timedelta(days=rng.randrange(span))) for _ in range(count)]
    plans.sort(key=lambda plan: plan[1])
    invoices = payments = 0
    for offset in range(0, len(plans), BATCH):
        batch = plans[offset : offset + BATCH]
        made, paid = await _write(batch, rng=rng, today=today, currency=profile.currency, seller=seller)
        invoices, payments = invoices + made, payments + paid
    return invoices, payments


async def _write(
    batch: list[tuple[DemoCustomer, date]], *, rng: random.Random, today: date, currency: str, seller: dict[str, str]
) -> tuple[int, int]:
    async with in_transaction() as conn:
        numbers: dict[int, list[int]] = {}
        for year in sorted({day.year for _, day in batch}):
            count = sum(1 for _, day in batch if day.year == year)
            numbers[year] = list(await reserve_values(invoice_counter(year), count, conn))
        invoices: list[Invoice] = []
        payments: list[tuple[str, Decimal, date]] = []
        for customer, issued in batch:
            number = invoice_number(issued.year, numbers[issued.year].pop(0))
            invoice, paid = _invoice(customer, issued, number, rng, today, currency, seller)
            invoices.append(invoice)
            payments += [(number, amount, day) for amount, day in paid]
        await Invoice.bulk_create(invoices, using_db=conn)
        ids = dict(
            await Invoice.filter(number__in=[i.number for i in invoices]).using_db(conn).values_list('number', 'id')
        )
        rows = [
            Payment(invoice_id=ids[number], amount=amount, paid_on=day, method=PaymentMethod.BANK_TRANSFER)
            for number, amount, day in payments
        ]
        await Payment.bulk_create(rows, using_db=conn)
    return len(invoices), len(rows)


def _invoice(
    customer: DemoCustomer,
    issued: date,
    number: str,
    rng: random.Random,
    today: date,
    currency: str,
    seller: dict[str, str],
) -> tuple[Invoice, list[tuple[Decimal, date]]]:
    if rng.random() < 0.01:
        currency = 'USD' if currency != 'USD' else 'EUR'
    lines, net = [], Decimal(0)
    for description, unit, price in rng.sample(ITEMS, k=rng.choice((1, 1, 2, 3))):
        quantity = Decimal(rng.choice((1, 1, 2, 3, 4, 5, 8, 10, 12, 20)))
        line_net = round_money(quantity * price, currency)
        net += line_net
        lines.append(
            {
                'description': description,
                'quantity': str(quantity),
                'unit': unit,
                'unit_price': str(price),
                'vat_rate': str(VAT_RATE),
                'net': str(line_net),
            }
        )
    vat = round_money(net * VAT_RATE / 100, currency)
    total = net + vat
    due = issued + timedelta(days=rng.choice((7, 14, 14, 30, 30)))
    paid: list[tuple[Decimal, date]] = []
    voided = None
    luck = rng.random()
    if luck < 0.02:
        voided = datetime.combine(issued + timedelta(days=rng.randrange(1, 10)), time(12), tzinfo=UTC)
    elif luck < 0.62:  # on time
        paid.append((total, issued + timedelta(days=rng.randrange(0, (due - issued).days + 1))))
    elif luck < 0.82:  # late
        paid.append((total, due + timedelta(days=rng.randrange(1, 60))))
    elif luck < 0.88:  # partly, then (perhaps) the rest
        first = round_money(total * Decimal('0.4'), currency)
        paid.append((first, issued + timedelta(days=rng.randrange(1, 20))))
        if rng.random() < 0.5:
            paid.append((total - first, due + timedelta(days=rng.randrange(1, 40))))
    paid = [(amount, day) for amount, day in paid if day <= today]
    invoice = Invoice(
        number=number,
        customer_id=customer.id,
        kind=InvoiceKind.REGULAR,
        idempotency_key=f'demo-{number}',
        issue_date=issued,
        due_date=due,
        currency=currency,
        lines=lines,
        vat_breakdown=[{'rate': str(VAT_RATE), 'net': str(net), 'vat': str(vat)}],
        net_total=net,
        vat_total=vat,
        total=total,
        paid_total=sum((amount for amount, _ in paid), Decimal(0)),
        reminders=False,
        seller=seller,
        buyer={'number': customer.number, 'name': customer.name, 'country': customer.country},
        sent_at=datetime.combine(issued, time(9), tzinfo=UTC),
        voided_at=voided,
        void_reason='Demo: issued twice' if voided else '',
    )
    return invoice, paid


async def customers_after(last_id: int) -> list[DemoCustomer]:
    """The customers with an id above `last_id` (the ones a seeding run just created)."""
    rows = (
        await Customer.filter(id__gt=last_id)
        .order_by('id')
        .values_list('id', 'number', 'name', 'country', 'created_at')
    )
    return [DemoCustomer(int(i), str(number), str(name), str(code), at.date()) for i, number, name, code, at in rows]
