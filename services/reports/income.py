"""Income by customer category: for a period and a basis, a series per month or quarter and a table per category.

Rules (stated on the Reports page as well):
- Only invoices in the company currency count; invoices in other currencies are left out and listed in `excluded`
  (currency, count, gross total) so the page can say so.
- Void invoices never count. Erased customers' invoices count like any other (the customer keeps its categories and
  number; the report shows no names).
- The table describes the invoices *issued* in the period: customers invoiced, invoices, invoiced (net for the net
  basis, gross otherwise), paid so far, open, overdue (open and past the due date on `today`), and the average days
  from issue to the payment that settled the invoice in full (settled invoices only).
- `amount` follows the basis: invoiced net or gross by issue date, or payments received by payment date (gross).
- A customer in several categories counts fully in each; "No category" (category_id None) is a row of its own.
  `total` counts each invoice once (de-duplicated), so it may be less than the sum of the rows.
- A category filter restricts the report to the customers having any (or all) of the chosen categories, and the rows
  to the chosen categories.
Amounts are summed in thousandths as integers, so SQLite and PostgreSQL agree to the cent.
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
from services.reports.figures import Basis, CategoryRow, Figures, IncomeReport, ReportQuery
from services.reports.income_sql import MAX_CATEGORIES, IncomeSql
from services.reports.period import Granularity, bucket_of, buckets
from services.reports.registrations import new_customers

__all__ = ['Basis', 'Figures', 'IncomeReport', 'ReportQuery', 'income_report']

NO_CATEGORY_COLOUR = '#9e9e9e'
_T = TypeVar('_T', int, Decimal)


async def income_report(query: ReportQuery, *, by: Actor, clock: Clock = system_clock) -> IncomeReport:
    """The report for members and admins (every signed-in user). Reads only; see the module docstring for rules."""
    del by  # every role may read reports
    conn = Tortoise.get_connection('default')
    company = await get_company_profile()
    company_zone = zone(company.time_zone)  # months of new customers and "today" are the company's
    sql = IncomeSql(conn, query, company.currency, clock().astimezone(company_zone).date())
    granularity = query.buckets_granularity
    keys = buckets(query.period, granularity)
    previous = query.period.previous()

    table = await sql.table(query.period)
    series = await sql.amounts(query.period, by_month=True)
    before = await sql.amounts(previous, by_month=False)
    registrations = await new_customers(conn, query, company_zone)

    categories = await _categories(query.category_ids)
    ids: list[int | None] = [category.id for category in categories]
    if not query.category_ids:
        ids.append(None)
    rows = []
    for category_id in ids:
        category = next((c for c in categories if c.id == category_id), None)
        figures = table.get(category_id, Figures())
        figures.amount = sum(series[category_id].values(), Decimal(0))
        figures.previous_amount = sum(before[category_id].values(), Decimal(0))
        rows.append(
            CategoryRow(
                category_id=category_id,
                name=category.name if category else _('No category'),
                colour=category.colour if category else NO_CATEGORY_COLOUR,
                figures=figures,
                series=_per_bucket(series[category_id], keys, granularity, Decimal(0)),
                new_customers=_per_bucket(registrations[category_id], keys, granularity, 0),
            )
        )
    # The de-duplicated total: the same queries without the category join.
    total = (await sql.table(query.period, per_category=False)).get(None, Figures())
    total_series = (await sql.amounts(query.period, by_month=True, per_category=False))[None]
    total.amount = sum(total_series.values(), Decimal(0))
    total.previous_amount = sum(
        (await sql.amounts(previous, by_month=False, per_category=False))[None].values(), Decimal(0)
    )
    total_registrations = (await new_customers(conn, query, company_zone, per_category=False))[None]
    return IncomeReport(
        query=query,
        previous=previous,
        currency=sql.currency,
        granularity=granularity,
        buckets=keys,
        rows=rows,
        total=total,
        total_series=_per_bucket(total_series, keys, granularity, Decimal(0)),
        total_new_customers=_per_bucket(total_registrations, keys, granularity, 0),
        excluded=await sql.other_currencies(query.period),
    )


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
