"""A click on the report opens the Customers page on exactly the customers behind the figure (same URL state)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from services.core.actors import SYSTEM
from services.customers.list.query import list_customers
from services.customers.list.spec import MatchMode
from services.reports.income import Basis, ReportQuery, income_report
from services.reports.period import bucket_period
from tests.clock import FakeClock
from tests.services.reports.test_income import Q1, build, today
from ui.customers.table.list_url import view_from_path
from ui.reports.drill_down import customers_url

__all__ = ['today']


async def numbers(url: str) -> list[str]:
    query, _ = view_from_path(url)
    page = await list_customers(query.changed(per_page=100), by=SYSTEM)
    return sorted(row.number for row in page.rows)


async def test_rows_and_bars_lead_to_their_customers(db: str, today: FakeClock) -> None:
    ids = await build()
    report = await income_report(ReportQuery(period=Q1), by=SYSTEM, clock=today)
    rows = {row.name: row for row in report.rows}
    # The rows: customers invoiced in Q1 (C3 is erased, hence archived, and still listed).
    assert await numbers(customers_url(report, rows['Wholesale'].category_id, Q1)) == ['C1', 'C2']
    assert await numbers(customers_url(report, rows['Retail'].category_id, Q1)) == ['C2', 'C3']
    assert await numbers(customers_url(report, None, Q1)) == ['C4']
    assert await numbers(customers_url(report, None, Q1, every_category=True)) == ['C1', 'C2', 'C3', 'C4']
    for row in report.rows:
        assert len(await numbers(customers_url(report, row.category_id, Q1))) == row.figures.customers
    # A bar: Wholesale in February is I2 (C1) only; Retail in February is I5 (C3).
    february = bucket_period(report.buckets[1])
    assert await numbers(customers_url(report, ids['wholesale'], february, bar=True)) == ['C1']
    assert await numbers(customers_url(report, ids['retail'], february, bar=True)) == ['C3']
    url = customers_url(report, ids['wholesale'], february, bar=True)
    assert url == f'/customers?cat={ids["wholesale"]}&archived=1&inv=2026-02-01..2026-02-28'


async def test_paid_bars_and_all_of_filters(db: str, today: FakeClock) -> None:
    ids = await build()
    paid = await income_report(ReportQuery(period=Q1, basis=Basis.PAID), by=SYSTEM, clock=today)
    january = bucket_period(paid.buckets[0])
    # Paid in January: I1 (C1), I4 (C2), I9 (C1, an invoice of December).
    assert await numbers(customers_url(paid, ids['wholesale'], january, bar=True)) == ['C1', 'C2']
    # The paid basis's rows count the customers who paid in the period: C4 paid nothing.
    for row in paid.rows:
        assert len(await numbers(customers_url(paid, row.category_id, Q1))) == row.figures.customers
    assert await numbers(customers_url(paid, None, Q1)) == []
    both = ReportQuery(period=Q1, category_ids=(ids['wholesale'], ids['retail']), mode=MatchMode.ALL)
    report = await income_report(both, by=SYSTEM, clock=today)
    for row in report.rows:
        assert await numbers(customers_url(report, row.category_id, Q1)) == ['C2']
    march = bucket_period(report.buckets[2])
    assert await numbers(customers_url(report, ids['retail'], march, bar=True)) == ['C2']


async def test_invoice_counts_lead_to_the_invoices_list(db: str, today: FakeClock) -> None:
    from services.invoicing.views import list_invoices
    from ui.pages.invoices import query_from_params
    from ui.reports.drill_down import invoices_link

    ids = await build()
    report = await income_report(ReportQuery(period=Q1), by=SYSTEM, clock=today)

    async def listed(url: str) -> list[str]:
        query = query_from_params(dict(parse_qsl(urlsplit(url).query)))
        return sorted(row.number for row in (await list_invoices(query, clock=today)).rows)

    assert await listed(invoices_link(report, ids['retail'])) == ['I3', 'I4', 'I5']  # the row's 3 invoices
    # Wholesale's 4 invoices, not C5's USD invoice, which the report leaves out (and names under the table).
    assert await listed(invoices_link(report, ids['wholesale'])) == ['I1', 'I2', 'I3', 'I4']
    assert await listed(invoices_link(report, None)) == ['I1', 'I2', 'I3', 'I4', 'I5', 'I6']
    for row in report.rows:
        if row.category_id is not None:
            assert len(await listed(invoices_link(report, row.category_id))) == row.figures.invoices
    assert len(await listed(invoices_link(report, None))) == report.total.invoices
