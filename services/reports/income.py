"""Income by customer category: for a period and a basis, a series per month or quarter and a table per category.

Rules (stated on the Reports page as well):
- Only invoices in the company currency count; invoices in other currencies are left out and listed in `excluded`
  (currency, count, gross total) so the page can say so.
- Void invoices never count. Erased customers' invoices count like any other (the customer keeps its categories and
  number; the report shows no names).
- On the invoiced bases (net, gross) the table describes the invoices *issued* in the period: customers invoiced,
  invoices, invoiced (net or gross), paid so far, open, overdue (open and past the due date on `today`), and the
  average days from issue to the payment that settled the invoice in full (settled invoices only).
- On the paid basis every column follows payments: customers who paid in the period, invoices settled (paid in full)
  in the period and their gross total, payments received in the period, open = what is still unpaid of the invoices
  due in the period, overdue = the part of it due before `today`, average days from issue to settlement of the
  invoices settled in the period.
- `amount` follows the basis: invoiced net or gross by issue date, or payments received by payment date (gross).
- A customer in several categories counts fully in each; "No category" (category_id None) is a row of its own.
  `total` counts each invoice once (de-duplicated), so it may be less than the sum of the rows.
- A category filter restricts the report to the customers having any (or all) of the chosen categories, and the rows
  to the chosen categories.
Amounts are summed in thousandths as integers, so SQLite and PostgreSQL agree to the cent. Months are the calendar
months of the issue, due and payment dates, which are the company's calendar dates already (no time zone applies).
The sums come from tables the database keeps (models/migrations/0020_report_summary.py and
0022_report_registrations.py; `income_sql`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TypeVar

from tortoise import Tortoise

from models import Category
from services.core.actors import Actor
from services.core.clock import Clock, system_clock, zone
from services.core.i18n import _
from services.invoicing.company_profile import get_company_profile
from services.reports.figures import Basis, CategoryRow, Figures, IncomeReport, IncomeSeries, ReportQuery, SeriesRow
from services.reports.income_sql import AMOUNT, BASIS_SUMS, MAX_CATEGORIES, NONE, TOTAL, UNITS, IncomeSql, Part, Sums
from services.reports.period import Granularity, bucket_of, buckets
from services.reports.registrations import new_customers
from services.reports.registrations_kept import kept_new_customers

__all__ = [
    'Basis',
    'Figures',
    'IncomeReport',
    'IncomeSeries',
    'ReportQuery',
    'complete_report',
    'income_report',
    'income_series',
]

NO_CATEGORY_COLOUR = '#9e9e9e'
_T = TypeVar('_T', int, Decimal)


async def income_report(query: ReportQuery, *, by: Actor, clock: Clock = system_clock) -> IncomeReport:
    """The report for members and admins (every signed-in user). Reads only; see the module docstring for rules."""
    return await complete_report(await income_series(query, by=by, clock=clock))


async def income_series(query: ReportQuery, *, by: Actor, clock: Clock = system_clock) -> IncomeSeries:
    """The report's first part: the amount per category row and bucket (what the income chart shows), from the
    period's sums per category and month, which `complete_report` goes on from."""
    del by  # every role may read reports
    conn = Tortoise.get_connection('default')
    company = await get_company_profile()
    company_zone = zone(company.time_zone)  # months of new customers and "today" are the company's
    today = clock().astimezone(company_zone).date()
    sql = IncomeSql(conn, query, company.currency, today)
    granularity = query.buckets_granularity
    keys = buckets(query.period, granularity)
    # The total of "any of" several categories comes from per-invoice rows: the chart does not wait for it.
    part: Part = 'categories' if sql.total_apart else 'all'
    by_month = await sql.sums(query.period, by_month=True, part=part, wanted=BASIS_SUMS[query.basis])
    series: dict[int, dict[str, Decimal]] = {}
    for (key, month), sums in by_month.items():
        series.setdefault(key, {})[month] = _money(sums[AMOUNT[query.basis]])
    categories = await _categories(query.category_ids)
    ids: list[int | None] = [category.id for category in categories]
    if not query.category_ids:
        ids.append(None)
    rows = []
    for category_id in ids:
        category = next((c for c in categories if c.id == category_id), None)
        key = NONE if category_id is None else category_id
        rows.append(
            SeriesRow(
                category_id=category_id,
                name=category.name if category else _('No category'),
                colour=category.colour if category else NO_CATEGORY_COLOUR,
                series=_per_bucket(series.get(key, {}), keys, granularity, Decimal(0)),
            )
        )
    return IncomeSeries(
        query=query,
        previous=query.period.previous(),
        currency=sql.currency,
        granularity=granularity,
        buckets=keys,
        rows=rows,
        today=today,
        zone=company.time_zone,
        by_month=by_month,
    )


async def complete_report(first: IncomeSeries) -> IncomeReport:
    """The whole report from its first part: the table's figures, the previous period, the de-duplicated total, new
    customers and the invoices left out."""
    query, conn, company_zone = first.query, Tortoise.get_connection('default'), zone(first.zone)
    sql = IncomeSql(conn, query, first.currency, first.today)
    keys, granularity = first.buckets, first.granularity
    by_month = dict(first.by_month)
    if sql.total_apart:
        by_month.update(await sql.sums(query.period, by_month=True, part='total', wanted=BASIS_SUMS[query.basis]))
    amount = frozenset({AMOUNT[query.basis]})  # the comparison reads the amount alone
    before = {key: sums for (key, _), sums in (await sql.sums(first.previous, by_month=False, wanted=amount)).items()}
    totals: dict[int, Sums] = {}
    for (key, _month), sums in by_month.items():
        entry = totals.setdefault(key, {})
        for name, value in sums.items():
            entry[name] = entry.get(name, 0) + value
    customers = await sql.customers(query.period, totals)
    not_yet_due = await sql.not_yet_due(query.period) if query.basis != Basis.PAID else {}
    kept = await kept_new_customers(conn, query, company_zone)
    registrations = kept[0] if kept else await new_customers(conn, query, company_zone)
    if kept and kept[1] is not None:
        total_registrations = kept[1]
    else:
        total_registrations = (await new_customers(conn, query, company_zone, per_category=False))[None]

    def figures(key: int) -> Figures:
        return _figures(
            query.basis, totals.get(key, {}), before.get(key, {}), customers.get(key, 0), not_yet_due.get(key, 0)
        )

    rows = [
        CategoryRow(
            category_id=row.category_id,
            name=row.name,
            colour=row.colour,
            figures=figures(NONE if row.category_id is None else row.category_id),
            series=row.series,
            new_customers=_per_bucket(registrations[row.category_id], keys, granularity, 0),
        )
        for row in first.rows
    ]
    total_amounts = {month: sums[AMOUNT[query.basis]] for (key, month), sums in by_month.items() if key == TOTAL}
    return IncomeReport(
        query=query,
        previous=first.previous,
        currency=first.currency,
        granularity=granularity,
        buckets=keys,
        rows=rows,
        total=figures(TOTAL),
        total_series=_per_bucket({m: _money(v) for m, v in total_amounts.items()}, keys, granularity, Decimal(0)),
        total_new_customers=_per_bucket(total_registrations, keys, granularity, 0),
        excluded=await sql.other_currencies(query.period),
    )


def _figures(basis: Basis, sums: Sums, before: Sums, customers: int, not_yet_due: int) -> Figures:
    """A row's figures from its kept sums (see the module docstring for what each column means on each basis)."""
    get = sums.get
    if basis == Basis.PAID:
        return Figures(
            customers=customers,
            invoices=get('closed', 0),
            invoiced=_money(get('closed_gross', 0)),
            paid=_money(get('received', 0)),
            open=_money(get('due_unpaid', 0)),
            overdue=_money(get('due_overdue', 0)),
            settled=get('closed', 0),
            days_to_pay_sum=get('closed_days', 0),
            amount=_money(get('received', 0)),
            previous_amount=_money(before.get('received', 0)),
        )
    amount = AMOUNT[basis]
    return Figures(
        customers=customers,
        invoices=get('invoices', 0),
        invoiced=_money(get(amount, 0)),
        paid=_money(get('paid', 0)),
        open=_money(get('unpaid', 0)),
        overdue=_money(get('unpaid', 0) - not_yet_due),
        settled=get('settled', 0),
        days_to_pay_sum=get('settle_days', 0),
        amount=_money(get(amount, 0)),
        previous_amount=_money(before.get(amount, 0)),
    )


def _money(units: int) -> Decimal:
    return Decimal(units) / UNITS


async def _categories(chosen: tuple[int, ...]) -> list[Category]:
    categories = Category.all().order_by('name_key', 'id')
    if chosen:
        categories = categories.filter(id__in=chosen[:MAX_CATEGORIES])
    return list(await categories)


def _per_bucket(by_month: dict[str, _T], keys: list[str], granularity: Granularity, zero: _T) -> list[_T]:
    values = dict.fromkeys(keys, zero)
    for month, value in by_month.items():
        key = bucket_of(month, granularity)
        if key in values:
            values[key] += value
    return list(values.values())
