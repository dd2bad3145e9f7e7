""" "Any of" categories: the chosen categories' rows are the kept sums' own rows, the same as in the report without a
filter, and the total counts each invoice (and each new customer) of their customers once. Checked against figures
worked out here from the invoices, payments and customers of a generated data set, on SQLite and PostgreSQL.

Customers in several categories, in none, invoices voided, in another currency, paid in part, in full, late, not at
all, issued in the previous period and after the period, customers registered across the period."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from models import Category, Company, Customer, Invoice, Payment
from services.core.actors import SYSTEM
from services.core.company import company_row
from services.customers.list.spec import MatchMode
from services.reports.income import Basis, Figures, IncomeReport, ReportQuery, income_report, income_series
from services.reports.period import Period
from tests.clock import FakeClock

Q1 = Period(date(2026, 1, 1), date(2026, 3, 31))
Q4 = Q1.previous()
TODAY = date(2026, 3, 20)
CENT = Decimal('0.01')


@dataclass
class Bill:
    customer: int
    issued: date
    due: date
    net: Decimal
    gross: Decimal
    payments: list[tuple[date, Decimal]]
    currency: str
    void: bool

    @property
    def paid(self) -> Decimal:
        return sum((amount for _, amount in self.payments), Decimal(0))

    @property
    def settled_on(self) -> date | None:
        return max(day for day, _ in self.payments) if self.payments and self.paid >= self.gross else None


@pytest.fixture
def today() -> FakeClock:
    return FakeClock(datetime(2026, 3, 20, 9, 0, tzinfo=UTC))


async def build() -> tuple[list[int], dict[int, set[int]], dict[int, datetime], list[Bill]]:
    """Category ids, customer -> categories, customer -> registered, and the invoices written (seeded: the same on
    every run)."""
    await company_row()
    await Company.filter(id=1).update(time_zone='UTC')
    chance = random.Random(12)
    categories = [
        (await Category.create(name=name, name_key=name.lower(), colour='#1e88e5')).id
        for name in ('Alpha', 'Beta', 'Gamma', 'Delta')
    ]
    links: dict[int, set[int]] = {}
    registered: dict[int, datetime] = {}
    for n in range(40):
        customer = await Customer.create(number=f'C{n}', name=f'C{n}', name_key=f'c{n}', country='ES')
        chosen = set(chance.sample(categories, chance.choice([0, 1, 1, 2, 3])))
        for category_id in chosen:
            await customer.categories.add(await Category.get(id=category_id))
        created = datetime(2025, 9, 1, tzinfo=UTC) + timedelta(hours=chance.randrange(24 * 230))
        await Customer.filter(id=customer.id).update(created_at=created)
        links[customer.id], registered[customer.id] = chosen, created
    bills = []
    for n in range(160):
        issued = date(2025, 10, 1) + timedelta(days=chance.randrange(190))  # to early April: some after the period
        gross = Decimal(chance.randrange(1000, 90000)) / 100
        payments: list[tuple[date, Decimal]] = []
        share = chance.choice(['none', 'part', 'full', 'full', 'two'])
        paid_on = min(issued + timedelta(days=chance.randrange(1, 60)), TODAY)
        if share == 'part':
            payments = [(paid_on, (gross / 3).quantize(CENT))]
        elif share == 'full' and issued <= TODAY:
            payments = [(paid_on, gross)]
        elif share == 'two' and issued < TODAY:
            first = (gross / 2).quantize(CENT)
            payments = [(issued + timedelta(days=1), first), (paid_on, gross - first)]
        bill = Bill(
            customer=chance.choice(list(links)), issued=issued, due=issued + timedelta(days=14),
            net=(gross / Decimal('1.19')).quantize(CENT), gross=gross, payments=payments,
            currency='USD' if n % 11 == 0 else 'EUR', void=n % 13 == 0,
        )  # fmt: skip
        invoice = await Invoice.create(
            number=f'I{n}', customer_id=bill.customer, idempotency_key=f'I{n}', issue_date=bill.issued,
            due_date=bill.due, currency=bill.currency, lines=[], vat_breakdown=[], net_total=bill.net,
            vat_total=bill.gross - bill.net, total=bill.gross, paid_total=bill.paid, seller={}, buyer={},
            voided_at=datetime(2026, 3, 1, tzinfo=UTC) if bill.void else None,
        )  # fmt: skip
        for day, amount in bill.payments:
            await Payment.create(invoice=invoice, amount=amount, paid_on=day)
        bills.append(bill)
    return categories, links, registered, bills


def expected_total(basis: Basis, bills: list[Bill]) -> tuple[Figures, list[Decimal]]:
    """The total's figures and its amount per month of Q1, from the invoices of the chosen customers."""
    counted = [bill for bill in bills if not bill.void and bill.currency == 'EUR']
    figures = Figures()
    months = dict.fromkeys(('2026-01', '2026-02', '2026-03'), Decimal(0))

    def within(day: date | None, period: Period = Q1) -> bool:
        return day is not None and period.start <= day <= period.end

    for bill in counted:
        open_ = max(bill.gross - bill.paid, Decimal(0))
        days = (bill.settled_on - bill.issued).days if bill.settled_on else 0
        if basis == Basis.PAID:
            received = [(day, amount) for day, amount in bill.payments if within(day)]
            figures.paid += sum((amount for _, amount in received), Decimal(0))
            for day, amount in received:
                months[day.isoformat()[:7]] += amount
            figures.previous_amount += sum((a for day, a in bill.payments if within(day, Q4)), Decimal(0))
            if within(bill.settled_on):
                figures.invoices += 1
                figures.invoiced += bill.gross
                figures.settled += 1
                figures.days_to_pay_sum += days
            if within(bill.due):
                figures.open += open_
                figures.overdue += open_ if bill.due < TODAY else Decimal(0)
            continue
        if within(bill.issued, Q4):
            figures.previous_amount += bill.gross
        if not within(bill.issued):
            continue
        figures.invoices += 1
        figures.invoiced += bill.gross
        figures.paid += bill.paid
        figures.open += open_
        figures.overdue += open_ if bill.due < TODAY else Decimal(0)
        figures.settled += 1 if bill.settled_on else 0
        figures.days_to_pay_sum += days
        months[bill.issued.isoformat()[:7]] += bill.gross
    if basis == Basis.PAID:
        payers = {bill.customer for bill in counted if any(within(day) for day, _ in bill.payments)}
        figures.customers, figures.amount = len(payers), figures.paid
    else:
        figures.customers = len({bill.customer for bill in counted if within(bill.issued)})
        figures.amount = figures.invoiced
    return figures, list(months.values())


def by_category(report: IncomeReport) -> dict[int | None, tuple[object, ...]]:
    return {row.category_id: (row.figures, row.series, row.new_customers) for row in report.rows}


@pytest.mark.parametrize('basis', [Basis.GROSS, Basis.PAID, Basis.NET])
async def test_any_of_rows_are_the_unfiltered_rows_and_the_total_counts_each_invoice_once(
    db: str, today: FakeClock, basis: Basis
) -> None:
    categories, links, registered, bills = await build()
    unfiltered = by_category(await income_report(ReportQuery(period=Q1, basis=basis), by=SYSTEM, clock=today))
    for chosen in (categories[:1], categories[:2], categories[1:4]):
        query = ReportQuery(period=Q1, basis=basis, category_ids=tuple(chosen), mode=MatchMode.ANY)
        report = await income_report(query, by=SYSTEM, clock=today)
        assert by_category(report) == {category_id: unfiltered[category_id] for category_id in chosen}
        members = {customer for customer, mine in links.items() if mine & set(chosen)}
        assert members and len(members) < len(links)
        if basis != Basis.NET:
            figures, series = expected_total(basis, [bill for bill in bills if bill.customer in members])
            assert report.total == figures, chosen
            assert report.total_series == series
        months = ['2026-01', '2026-02', '2026-03']
        assert report.total_new_customers == [
            sum(1 for c in members if registered[c].isoformat()[:7] == month) for month in months
        ]
        dollars = [b for b in bills if b.customer in members and b.currency == 'USD' and not b.void]
        left_out = sum(1 for bill in dollars if Q1.start <= bill.issued <= Q1.end)
        assert [(x.currency, x.invoices) for x in report.excluded] == ([('USD', left_out)] if left_out else [])


async def test_the_chart_part_holds_the_rows_series_before_the_total(db: str, today: FakeClock) -> None:
    categories, *_ = await build()
    query = ReportQuery(period=Q1, category_ids=tuple(categories[:3]), mode=MatchMode.ANY)
    first = await income_series(query, by=SYSTEM, clock=today)
    report = await income_report(query, by=SYSTEM, clock=today)
    assert [(row.category_id, row.series) for row in first.rows] == [(r.category_id, r.series) for r in report.rows]
    assert first.buckets == report.buckets == ['2026-01', '2026-02', '2026-03']
