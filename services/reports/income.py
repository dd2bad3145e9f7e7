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

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient

from models import Category
from services.core.actors import Actor
from services.core.clock import Clock, system_clock
from services.core.i18n import _
from services.customers.list.spec import MatchMode
from services.customers.list.sql import Parameters
from services.invoicing.company_profile import get_company_profile
from services.reports.period import Granularity, Period, bucket_of, buckets

NO_CATEGORY_COLOUR = '#9e9e9e'
MAX_CATEGORIES = 50
UNITS = 1000  # amounts are summed in thousandths
_T = TypeVar('_T', int, Decimal)


class Basis(StrEnum):
    NET = 'net'
    GROSS = 'gross'
    PAID = 'paid'


@dataclass(frozen=True)
class ReportQuery:
    """What the report covers. `category_ids` empty: all customers, a row per category and "No category"."""

    period: Period
    basis: Basis = Basis.GROSS
    category_ids: tuple[int, ...] = ()
    mode: MatchMode = MatchMode.ANY
    granularity: Granularity | None = None  # None: months up to two years, quarters beyond

    @property
    def buckets_granularity(self) -> Granularity:
        return self.granularity or self.period.default_granularity()


@dataclass
class Figures:
    """One table row's figures (or the de-duplicated total's). Amounts in the company currency."""

    customers: int = 0
    invoices: int = 0
    invoiced: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)
    open: Decimal = Decimal(0)
    overdue: Decimal = Decimal(0)
    settled: int = 0  # invoices paid in full, the base of the average
    days_to_pay_sum: int = 0
    amount: Decimal = Decimal(0)  # by the basis, within the period
    previous_amount: Decimal = Decimal(0)  # the same, in the previous period

    @property
    def average_days_to_pay(self) -> Decimal | None:
        """Days from issue to full payment, one decimal; None when no invoice of the period is settled."""
        if not self.settled:
            return None
        return (Decimal(self.days_to_pay_sum) / self.settled).quantize(Decimal('0.1'))

    @property
    def delta(self) -> Decimal:
        return self.amount - self.previous_amount

    @property
    def change_percent(self) -> Decimal | None:
        """Change against the previous period in percent (one decimal); None when the previous amount is zero."""
        if not self.previous_amount:
            return None
        return (self.delta * 100 / self.previous_amount).quantize(Decimal('0.1'))


@dataclass
class CategoryRow:
    category_id: int | None  # None: "No category"
    name: str
    colour: str
    figures: Figures
    series: list[Decimal]  # amount per bucket, aligned with IncomeReport.buckets
    new_customers: list[int]  # registrations per bucket


@dataclass(frozen=True)
class OtherCurrency:
    currency: str
    invoices: int
    total: Decimal


@dataclass
class IncomeReport:
    query: ReportQuery
    previous: Period
    currency: str
    granularity: Granularity
    buckets: list[str]
    rows: list[CategoryRow]
    total: Figures  # each invoice once
    total_series: list[Decimal]
    total_new_customers: list[int]
    excluded: list[OtherCurrency] = field(default_factory=list)

    @property
    def rows_sum(self) -> Figures:
        """The plain sum of the rows (customers in several categories counted in each)."""
        total = Figures()
        for row in self.rows:
            f = row.figures
            total.customers += f.customers
            total.invoices += f.invoices
            total.invoiced += f.invoiced
            total.paid += f.paid
            total.open += f.open
            total.overdue += f.overdue
            total.settled += f.settled
            total.days_to_pay_sum += f.days_to_pay_sum
            total.amount += f.amount
            total.previous_amount += f.previous_amount
        return total


async def income_report(query: ReportQuery, *, by: Actor, clock: Clock = system_clock) -> IncomeReport:
    """The report for members and admins (every signed-in user). Reads only; see the module docstring for rules."""
    del by  # every role may read reports
    conn = Tortoise.get_connection('default')
    sql = _Sql(conn, query, (await get_company_profile()).currency, clock().date())
    granularity = query.buckets_granularity
    keys = buckets(query.period, granularity)
    previous = query.period.previous()

    table = await sql.table(query.period)
    series = await sql.amounts(query.period, by_month=True)
    before = await sql.amounts(previous, by_month=False)
    registrations = await sql.new_customers(query.period)

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
    total_registrations = (await sql.new_customers(query.period, per_category=False))[None]
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


def _units(expression: str) -> str:
    return f'CAST(ROUND({expression} * {UNITS}) AS BIGINT)'


def _money(units: Any) -> Decimal:
    return Decimal(int(units or 0)) / UNITS


class _Sql:
    """The statements, for SQLite and PostgreSQL; values travel as parameters, only fixed text is inlined."""

    def __init__(self, conn: BaseDBAsyncClient, query: ReportQuery, currency: str, today: date) -> None:
        self.conn = conn
        self.postgres = conn.capabilities.dialect == 'postgres'
        self.query = query
        self.currency = currency
        self.today = today

    def _p(self) -> Parameters:
        return Parameters('postgres' if self.postgres else 'sqlite')

    def _date(self, value: date) -> Any:
        return value if self.postgres else value.isoformat()

    def _month(self, column: str) -> str:
        return f"to_char({column}, 'YYYY-MM')" if self.postgres else f'substr({column}, 1, 7)'

    def _customer_filter(self, column: str, p: Parameters) -> str:
        ids = self.query.category_ids[:MAX_CATEGORIES]
        if not ids:
            return ''
        marks = ', '.join(p.add(category_id) for category_id in ids)
        having = f' HAVING COUNT(*) = {len(ids)}' if self.query.mode == MatchMode.ALL else ''
        links = f'SELECT customer_id FROM customer_category WHERE category_id IN ({marks}) GROUP BY customer_id'
        return f' AND {column} IN ({links}{having})'

    def _category_join(self, column: str, p: Parameters, per_category: bool) -> tuple[str, str]:
        """The join giving each row its category (NULL: none) and the selected column."""
        if not per_category:
            return '', 'NULL'
        ids = self.query.category_ids[:MAX_CATEGORIES]
        only = f' AND cc.category_id IN ({", ".join(p.add(i) for i in ids)})' if ids else ''
        return f' LEFT JOIN customer_category cc ON cc.customer_id = {column}{only}', 'cc.category_id'

    @staticmethod
    def _group(*columns: str) -> str:
        """GROUP BY the real columns (PostgreSQL refuses a constant such as NULL there)."""
        kept = [column for column in columns if column not in ('NULL', "''")]
        return f' GROUP BY {", ".join(kept)}' if kept else ''

    def _issued(self, period: Period, p: Parameters, *, other_currencies: bool = False) -> str:
        currency = f'i.currency {"<>" if other_currencies else "="} {p.add(self.currency)}'
        start, end = p.add(self._date(period.start)), p.add(self._date(period.end))
        return f'i.voided_at IS NULL AND {currency} AND i.issue_date >= {start} AND i.issue_date <= {end}'

    async def _rows(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        _, records = await self.conn.execute_query(sql, params)
        return [dict(record) for record in records]

    async def table(self, period: Period, *, per_category: bool = True) -> dict[int | None, Figures]:
        p = self._p()  # placeholders are added in the order they appear in the text (SQLite's are positional)
        overdue_from = p.add(self._date(self.today))
        join, category = self._category_join('i.customer_id', p, per_category)
        outstanding = f'{_units("i.total")} - {_units("i.paid_total")}'
        is_open = f'{_units("i.total")} > {_units("i.paid_total")}'
        where = self._issued(period, p) + self._customer_filter('i.customer_id', p)
        sql = (
            f'SELECT {category} AS category_id, COUNT(*) AS invoices, COUNT(DISTINCT i.customer_id) AS customers,'
            f' SUM({_units("i.net_total")}) AS net, SUM({_units("i.total")}) AS gross,'
            f' SUM({_units("i.paid_total")}) AS paid,'
            f' SUM(CASE WHEN {is_open} THEN {outstanding} ELSE 0 END) AS open,'
            f' SUM(CASE WHEN {is_open} AND i.due_date < {overdue_from} THEN {outstanding} ELSE 0 END) AS overdue'
            f' FROM invoice i{join} WHERE {where}{self._group(category)}'
        )
        figures: dict[int | None, Figures] = {}
        for row in await self._rows(sql, p.values):
            figures[row['category_id']] = Figures(
                customers=int(row['customers']),
                invoices=int(row['invoices']),
                invoiced=_money(row['net'] if self.query.basis == Basis.NET else row['gross']),
                paid=_money(row['paid']),
                open=_money(row['open']),
                overdue=_money(row['overdue']),
            )
        for category_id, (settled, days) in (await self._days_to_pay(period, per_category)).items():
            entry = figures.setdefault(category_id, Figures())
            entry.settled, entry.days_to_pay_sum = settled, days
        return figures

    async def _days_to_pay(self, period: Period, per_category: bool) -> dict[int | None, tuple[int, int]]:
        p = self._p()
        if self.postgres:
            days = '(MAX(p.paid_on) - i.issue_date)'
        else:
            days = 'CAST(ROUND(julianday(MAX(p.paid_on)) - julianday(i.issue_date)) AS INTEGER)'
        where = self._issued(period, p) + self._customer_filter('i.customer_id', p)
        settled = (
            f'SELECT i.id, i.customer_id, {days} AS days FROM invoice i JOIN payment p ON p.invoice_id = i.id'
            f' WHERE {where} AND {_units("i.paid_total")} >= {_units("i.total")}'
            f' GROUP BY i.id, i.customer_id, i.issue_date'
        )
        join, category = self._category_join('s.customer_id', p, per_category)
        sql = (
            f'SELECT {category} AS category_id, COUNT(*) AS settled, SUM(s.days) AS days'
            f' FROM ({settled}) s{join}{self._group(category)}'
        )
        return {
            row['category_id']: (int(row['settled']), int(row['days'] or 0)) for row in await self._rows(sql, p.values)
        }

    async def amounts(
        self, period: Period, *, by_month: bool, per_category: bool = True
    ) -> defaultdict[int | None, dict[str, Decimal]]:
        """category -> month (`YYYY-MM`, or '' when not by month) -> amount by the basis."""
        p = self._p()
        if self.query.basis == Basis.PAID:
            join, category = self._category_join('i.customer_id', p, per_category)
            day, amount = 'p.paid_on', _units('p.amount')
            where = (
                f'i.voided_at IS NULL AND i.currency = {p.add(self.currency)}'
                f' AND p.paid_on >= {p.add(self._date(period.start))} AND p.paid_on <= {p.add(self._date(period.end))}'
            )
            source = f'payment p JOIN invoice i ON i.id = p.invoice_id{join}'
        else:
            join, category = self._category_join('i.customer_id', p, per_category)
            day = 'i.issue_date'
            amount = _units('i.net_total' if self.query.basis == Basis.NET else 'i.total')
            where = self._issued(period, p)
            source = f'invoice i{join}'
        where += self._customer_filter('i.customer_id', p)
        month = self._month(day) if by_month else "''"
        sql = (
            f'SELECT {category} AS category_id, {month} AS month, SUM({amount}) AS amount FROM {source}'
            f' WHERE {where}{self._group(category, month)}'
        )
        result: defaultdict[int | None, dict[str, Decimal]] = defaultdict(dict)
        for row in await self._rows(sql, p.values):
            result[row['category_id']][str(row['month'])] = _money(row['amount'])
        return result

    async def new_customers(
        self, period: Period, *, per_category: bool = True
    ) -> defaultdict[int | None, dict[str, int]]:
        """category -> month -> customers registered (created) in that month, UTC."""
        p = self._p()
        join, category = self._category_join('c.id', p, per_category)
        start = datetime.combine(period.start, time(), tzinfo=UTC)
        end = datetime.combine(period.end + timedelta(days=1), time(), tzinfo=UTC)
        if self.postgres:
            month = "to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM')"
            low, high = p.add(start), p.add(end)
        else:
            month = 'substr(c.created_at, 1, 7)'
            low, high = p.add(start.isoformat(sep=' ')), p.add(end.isoformat(sep=' '))
        where = f'c.created_at >= {low} AND c.created_at < {high}' + self._customer_filter('c.id', p)
        sql = (
            f'SELECT {category} AS category_id, {month} AS month, COUNT(*) AS customers FROM customer c{join}'
            f' WHERE {where}{self._group(category, month)}'
        )
        result: defaultdict[int | None, dict[str, int]] = defaultdict(dict)
        for row in await self._rows(sql, p.values):
            result[row['category_id']][str(row['month'])] = int(row['customers'])
        return result

    async def other_currencies(self, period: Period) -> list[OtherCurrency]:
        p = self._p()
        where = self._issued(period, p, other_currencies=True) + self._customer_filter('i.customer_id', p)
        sql = (
            f'SELECT i.currency AS currency, COUNT(*) AS invoices, SUM({_units("i.total")}) AS total FROM invoice i'
            f' WHERE {where} GROUP BY i.currency ORDER BY i.currency'
        )
        return [
            OtherCurrency(str(row['currency']), int(row['invoices']), _money(row['total']))
            for row in await self._rows(sql, p.values)
        ]
