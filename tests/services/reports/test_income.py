"""Income by category on a small hand-built data set; every expected figure is worked out in the comments.

Today is 2026-03-20; the report covers Q1 2026 (previous period: Q4 2025). Company currency EUR.
Categories: Wholesale (W), Retail (R). Customers: C1 in W; C2 in W and R; C3 in R (erased); C4 in none; C5 in W.

Invoice  customer  issued      due         net     gross    paid (on)                          notes
I1       C1        2026-01-10  2026-01-24  100     119      119 (01-20)                        settled in 10 days
I2       C1        2026-02-15  2026-03-01  200     238      100 (02-20)                        138 open, overdue
I3       C2        2026-03-05  2026-04-05   50      59.50     0                                59.50 open, not due
I4       C2        2026-01-15  2026-01-29  300     357      200 (01-25) + 157 (02-14)          settled in 30 days
I5       C3        2026-02-01  2026-02-15   80      95.20    95.20 (02-08)                     settled in 7 days
I6       C4        2026-03-01  2026-03-15   10      11.90     0                                11.90 overdue
I7       C1        2026-02-01  2026-02-15 1000    1190        0                                void: never counts
I8       C5        2026-02-10  2026-02-24  500 USD  500 USD   0                                other currency
I9       C1        2025-12-10  2025-12-24   40      47.60    47.60 (2026-01-05)                previous period
I10      C2        2025-11-20  2025-12-04   20      23.80     0                                previous period
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from models import Category, Customer, Invoice, Payment
from services.core.actors import SYSTEM
from services.core.errors import ValidationFailed
from services.customers.list.spec import MatchMode
from services.customers.privacy.erasure import erase_customer
from services.reports.income import Basis, IncomeReport, ReportQuery, income_report
from services.reports.period import Granularity, Period, Preset, buckets, resolve
from tests.clock import FakeClock

Q1 = Period(date(2026, 1, 1), date(2026, 3, 31))
D = Decimal


@pytest.fixture
def today() -> FakeClock:
    return FakeClock(datetime(2026, 3, 20, 9, 0, tzinfo=UTC))


async def build() -> dict[str, int]:
    wholesale = await Category.create(name='Wholesale', name_key='wholesale', colour='#1e88e5')
    retail = await Category.create(name='Retail', name_key='retail', colour='#e53935')
    customers = {}
    plan = {
        'C1': ([wholesale], datetime(2025, 11, 10, 12, tzinfo=UTC)),
        'C2': ([wholesale, retail], datetime(2026, 1, 5, 12, tzinfo=UTC)),
        'C3': ([retail], datetime(2026, 1, 20, 23, 30, tzinfo=UTC)),
        'C4': ([], datetime(2026, 2, 3, 8, tzinfo=UTC)),
        'C5': ([wholesale], datetime(2024, 1, 1, 8, tzinfo=UTC)),
    }
    for number, (categories, created) in plan.items():
        customer = await Customer.create(
            number=number, name=f'Customer {number}', name_key=number.lower(), country='ES'
        )
        for category in categories:
            await customer.categories.add(category)
        await Customer.filter(id=customer.id).update(created_at=created)
        customers[number] = customer.id
    invoices = [
        ('I1', 'C1', '2026-01-10', '2026-01-24', '100', '119', [('2026-01-20', '119')], 'EUR', False),
        ('I2', 'C1', '2026-02-15', '2026-03-01', '200', '238', [('2026-02-20', '100')], 'EUR', False),
        ('I3', 'C2', '2026-03-05', '2026-04-05', '50', '59.50', [], 'EUR', False),
        ('I4', 'C2', '2026-01-15', '2026-01-29', '300', '357', [('2026-01-25', '200'), ('2026-02-14', '157')], 'EUR',
         False),
        ('I5', 'C3', '2026-02-01', '2026-02-15', '80', '95.20', [('2026-02-08', '95.20')], 'EUR', False),
        ('I6', 'C4', '2026-03-01', '2026-03-15', '10', '11.90', [], 'EUR', False),
        ('I7', 'C1', '2026-02-01', '2026-02-15', '1000', '1190', [], 'EUR', True),
        ('I8', 'C5', '2026-02-10', '2026-02-24', '500', '500', [], 'USD', False),
        ('I9', 'C1', '2025-12-10', '2025-12-24', '40', '47.60', [('2026-01-05', '47.60')], 'EUR', False),
        ('I10', 'C2', '2025-11-20', '2025-12-04', '20', '23.80', [], 'EUR', False),
    ]  # fmt: skip
    for number, customer, issued, due, net, gross, payments, currency, void in invoices:
        paid = sum((D(amount) for _, amount in payments), D(0))
        invoice = await Invoice.create(
            number=number, customer_id=customers[customer], idempotency_key=number,
            issue_date=date.fromisoformat(issued),
            due_date=date.fromisoformat(due), currency=currency, lines=[], vat_breakdown=[], net_total=D(net),
            vat_total=D(gross) - D(net), total=D(gross), paid_total=paid, seller={}, buyer={},
            voided_at=datetime(2026, 2, 2, tzinfo=UTC) if void else None,
        )  # fmt: skip
        for paid_on, amount in payments:
            await Payment.create(invoice=invoice, amount=D(amount), paid_on=date.fromisoformat(paid_on))
    # C3 is erased: the invoice stays and still counts under Retail.
    await erase_customer(customers['C3'], confirmation='C3', by=SYSTEM)
    return {'wholesale': wholesale.id, 'retail': retail.id}


def rows(report: IncomeReport) -> dict[str | None, tuple[object, ...]]:
    """name -> (customers, invoices, invoiced, paid, open, overdue, average days, amount, previous, change %)."""
    return {
        row.name: (
            row.figures.customers, row.figures.invoices, row.figures.invoiced, row.figures.paid, row.figures.open,
            row.figures.overdue, row.figures.average_days_to_pay, row.figures.amount, row.figures.previous_amount,
            row.figures.change_percent,
        )
        for row in report.rows
    }  # fmt: skip


async def test_gross_basis_table_series_total_and_exclusions(db: str, today: FakeClock) -> None:
    await build()
    report = await income_report(ReportQuery(period=Q1, basis=Basis.GROSS), by=SYSTEM, clock=today)
    assert report.currency == 'EUR'
    assert report.buckets == ['2026-01', '2026-02', '2026-03']
    assert report.previous == Period(date(2025, 10, 1), date(2025, 12, 31))
    assert rows(report) == {
        # R = C2 + C3 (erased): I3, I4, I5; days (30 + 7) / 2; previous I10 23.80; change 487.90 / 23.80.
        'Retail': (2, 3, D('511.70'), D('452.20'), D('59.50'), D(0), D('18.5'), D('511.70'), D('23.80'), D('2050.0')),
        # W = C1 + C2: I1, I2, I3, I4. Invoiced 119 + 238 + 59.50 + 357; paid 119 + 100 + 357; open 138 + 59.50;
        # overdue I2's 138; days (10 + 30) / 2; previous I9 + I10 = 71.40; change 702.10 / 71.40 = 983.3 %.
        'Wholesale': (2, 4, D('773.50'), D('576'), D('197.50'), D('138'), D('20.0'), D('773.50'), D('71.40'),
                      D('983.3')),
        'No category': (1, 1, D('11.90'), D(0), D('11.90'), D('11.90'), None, D('11.90'), D(0), None),
    }  # fmt: skip
    assert [row.name for row in report.rows] == ['Retail', 'Wholesale', 'No category']
    series = {row.name: row.series for row in report.rows}
    assert series == {
        'Retail': [D('357'), D('95.20'), D('59.50')],
        'Wholesale': [D('476'), D('238'), D('59.50')],
        'No category': [D(0), D(0), D('11.90')],
    }
    # Each invoice once: I1..I6; days (10 + 30 + 7) / 3.
    total = report.total
    assert (total.customers, total.invoices, total.invoiced, total.paid, total.open, total.overdue) == (
        4, 6, D('880.60'), D('671.20'), D('209.40'), D('149.90')
    )  # fmt: skip
    assert (total.average_days_to_pay, total.amount, total.previous_amount) == (D('15.7'), D('880.60'), D('71.40'))
    assert report.total_series == [D('476'), D('333.20'), D('71.40')]
    assert report.rows_sum.amount == D('1297.10')  # C2's invoices count in both categories
    assert [(x.currency, x.invoices, x.total) for x in report.excluded] == [('USD', 1, D('500'))]


async def test_net_basis_uses_net_amounts(db: str, today: FakeClock) -> None:
    await build()
    report = await income_report(ReportQuery(period=Q1, basis=Basis.NET), by=SYSTEM, clock=today)
    assert {row.name: (row.figures.invoiced, row.figures.amount) for row in report.rows} == {
        'Retail': (D('430'), D('430')),  # 50 + 300 + 80
        'Wholesale': (D('650'), D('650')),  # 100 + 200 + 50 + 300
        'No category': (D('10'), D('10')),
    }
    assert report.total.amount == D('740')
    assert report.total.previous_amount == D('60')  # I9 40 + I10 20


async def test_paid_basis_counts_payments_by_payment_date(db: str, today: FakeClock) -> None:
    await build()
    report = await income_report(ReportQuery(period=Q1, basis=Basis.PAID), by=SYSTEM, clock=today)
    # Payments in Q1: I1 119 (01-20), I2 100 (02-20), I4 200 (01-25) + 157 (02-14), I5 95.20 (02-08), I9 47.60 (01-05).
    assert {row.name: row.series for row in report.rows} == {
        'Retail': [D('200'), D('252.20'), D(0)],
        'Wholesale': [D('366.60'), D('257'), D(0)],
        'No category': [D(0), D(0), D(0)],
    }
    assert report.total.amount == D('718.80')
    assert report.total.previous_amount == D(0)  # nothing was paid in Q4 2025
    # The table follows payments too: customers who paid; invoices settled in Q1 (I1 10 days, I4 30, I5 7, I9 26 from
    # 2025-12-10 to 2026-01-05) and their gross; received; open/overdue = unpaid of the invoices due in Q1 (I2 138
    # due 03-01, I6 11.90 due 03-15, both before 03-20).
    assert rows(report) == {
        'Retail': (2, 2, D('452.20'), D('452.20'), D(0), D(0), D('18.5'), D('452.20'), D(0), None),
        'Wholesale': (2, 3, D('523.60'), D('623.60'), D('138'), D('138'), D('22.0'), D('623.60'), D(0), None),
        'No category': (0, 0, D(0), D(0), D('11.90'), D('11.90'), None, D(0), D(0), None),
    }
    total = report.total
    assert (total.customers, total.invoices, total.invoiced, total.paid, total.open, total.overdue) == (
        3, 4, D('618.80'), D('718.80'), D('149.90'), D('149.90')
    )  # fmt: skip
    assert total.average_days_to_pay == D('18.2')  # 73 / 4 = 18.25, rounded half to even


async def test_category_filter_any_and_all(db: str, today: FakeClock) -> None:
    ids = await build()
    both = ReportQuery(period=Q1, category_ids=(ids['wholesale'], ids['retail']), mode=MatchMode.ALL)
    report = await income_report(both, by=SYSTEM, clock=today)
    # Only C2 has both: I3 and I4 (59.50 + 357), shown under each chosen category; no "No category" row.
    assert {row.name: (row.figures.customers, row.figures.invoices, row.figures.amount) for row in report.rows} == {
        'Retail': (1, 2, D('416.50')),
        'Wholesale': (1, 2, D('416.50')),
    }
    assert (report.total.customers, report.total.amount) == (1, D('416.50'))
    assert report.excluded == []
    retail = await income_report(ReportQuery(period=Q1, category_ids=(ids['retail'],)), by=SYSTEM, clock=today)
    assert [(row.name, row.figures.amount) for row in retail.rows] == [('Retail', D('511.70'))]
    assert (retail.total.customers, retail.total.invoices) == (2, 3)
    any_of = ReportQuery(period=Q1, category_ids=(ids['wholesale'], ids['retail']), mode=MatchMode.ANY)
    report = await income_report(any_of, by=SYSTEM, clock=today)
    # C1, C2, C3 (and C5's USD invoice, excluded): I1..I5.
    assert (report.total.customers, report.total.amount) == (3, D('868.70'))
    assert [(x.currency, x.invoices) for x in report.excluded] == [('USD', 1)]


async def test_new_customers_per_month_and_category(db: str, today: FakeClock) -> None:
    await build()
    report = await income_report(ReportQuery(period=Q1), by=SYSTEM, clock=today)
    # C2 (W, R) 01-05, C3 (R) 01-20, C4 (none) 02-03; C1 and C5 registered earlier.
    assert {row.name: row.new_customers for row in report.rows} == {
        'Retail': [2, 0, 0],
        'Wholesale': [1, 0, 0],
        'No category': [0, 1, 0],
    }
    assert report.total_new_customers == [2, 1, 0]


async def test_quarters_roll_up_months(db: str, today: FakeClock) -> None:
    await build()
    year = Period(date(2025, 7, 1), date(2026, 6, 30))
    report = await income_report(ReportQuery(period=year, granularity=Granularity.QUARTER), by=SYSTEM, clock=today)
    assert report.buckets == ['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2']
    assert report.total_series == [D(0), D('71.40'), D('880.60'), D(0)]
    assert report.total_new_customers == [0, 1, 3, 0]


def test_presets_on_a_given_day() -> None:
    day = date(2026, 3, 20)
    assert resolve(Preset.THIS_MONTH, day) == Period(date(2026, 3, 1), date(2026, 3, 31))
    assert resolve(Preset.THIS_QUARTER, day) == Q1
    assert resolve(Preset.THIS_YEAR, day) == Period(date(2026, 1, 1), date(2026, 12, 31))
    last_12 = resolve(Preset.LAST_12_MONTHS, day)
    assert last_12 == Period(date(2025, 4, 1), date(2026, 3, 31))
    assert last_12.previous() == Period(date(2024, 4, 1), date(2025, 3, 31))
    assert resolve(Preset.THIS_MONTH, day).previous() == Period(date(2026, 2, 1), date(2026, 2, 28))
    custom = resolve(Preset.CUSTOM, day, date(2026, 3, 5), date(2026, 3, 14))
    assert custom.previous() == Period(date(2026, 2, 23), date(2026, 3, 4))
    assert buckets(Period(date(2026, 2, 10), date(2026, 4, 2)), Granularity.QUARTER) == ['2026-Q1', '2026-Q2']
    assert Period(date(2020, 1, 1), date(2026, 1, 1)).default_granularity() == Granularity.QUARTER


@pytest.mark.parametrize(
    ('start', 'end', 'errors'),
    [
        (date(2026, 3, 5), date(2026, 3, 4), {'end': 'The last day comes before the first day'}),
        (date(2016, 1, 1), date(2026, 1, 1), {'end': 'A report covers at most 10 years'}),
        (None, date(2026, 1, 1), {'start': 'Choose the first day'}),
    ],
)
def test_invalid_custom_periods_name_the_field(start: date | None, end: date, errors: dict[str, str]) -> None:
    with pytest.raises(ValidationFailed) as raised:
        resolve(Preset.CUSTOM, date(2026, 3, 20), start, end)
    assert raised.value.errors == errors


def test_ten_years_exactly_is_allowed() -> None:
    assert resolve(Preset.CUSTOM, date(2026, 3, 20), date(2016, 1, 1), date(2025, 12, 31)).days == 3653


async def test_csv_and_xlsx_hold_the_table_with_typed_values(db: str, today: FakeClock) -> None:
    import csv
    import io

    from openpyxl import load_workbook

    from services.reports.export import report_csv, report_xlsx

    await build()
    await Category.filter(name='Retail').update(name='=Retail')  # a name a spreadsheet would run as a formula
    report = await income_report(ReportQuery(period=Q1), by=SYSTEM, clock=today)
    lines = list(csv.reader(io.StringIO(report_csv(report).decode('utf-8-sig'))))
    assert lines[0] == ['Income by category, 2026-01-01 to 2026-03-31, basis gross, EUR']
    assert lines[1][:4] == ['Category', 'Customers', 'Invoices', 'Invoiced']
    assert lines[2] == ["'=Retail", '2', '3', '511.70', '452.20', '59.50', '0.00', '18.5', '511.70', '23.80', '487.90',
                        '2050.0']  # fmt: skip
    assert lines[4] == ['No category', '1', '1', '11.90', '0.00', '11.90', '11.90', '', '11.90', '0.00', '11.90', '']
    assert lines[-1][:3] == ['Total, each invoice once', '4', '6']
    sheet = load_workbook(io.BytesIO(report_xlsx(report))).active
    assert sheet is not None
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[0][:4] == ('=Retail', 2, 3, 511.7)
    assert sheet['A3'].data_type == 's'  # text, never a formula
    assert sheet['D3'].number_format == '#,##0.00'
    assert rows[-1][8] == 880.6
