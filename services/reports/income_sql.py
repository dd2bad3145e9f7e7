"""The income report's statements for SQLite and PostgreSQL (see `services.reports.income` for the rules).

They read the sums the database keeps (models/migrations/0020_report_summary.py): `report_day` per (day, category,
currency) for the whole company. With "any of" a few categories (or one category) the chosen categories' rows are
`report_day`'s too; only the de-duplicated total of several categories, and every row of an "all of" filter, are summed
from the per-invoice and per-payment rows (`report_invoice`, `report_payment`) of the chosen customers. Category keys:
a category id, `NONE` ("No category") or `TOTAL` (every invoice once).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from tortoise.backends.base.client import BaseDBAsyncClient

from services.customers.list.spec import MatchMode
from services.customers.list.sql import Parameters
from services.reports.figures import Basis, OtherCurrency, ReportQuery
from services.reports.period import Period

UNITS = 1000  # amounts are summed in thousandths
MAX_CATEGORIES = 50  # a filter or a report names at most this many categories
NONE, TOTAL = 0, -1  # report_day's category_id for "No category" and for every invoice once
# report_day's columns (the migration's docstring says what each one sums and by which date).
SUMS = ('invoices', 'net', 'gross', 'paid', 'unpaid', 'settled', 'settle_days', 'received', 'closed', 'closed_gross',
        'closed_days', 'due_unpaid', 'issued_customers', 'paid_customers')  # fmt: skip
ALL = frozenset(SUMS)
Sums = dict[str, int]  # the SUMS, and `due_overdue`: due_unpaid of the days before today
Part = Literal['all', 'categories', 'total']  # which rows of the source: category rows, the TOTAL row, or both
# The SUMS a basis's figures read (`services.reports.income._figures`, and `customers`): the per-invoice rows sum only
# the parts that feed them (the others read 0 there).
BASIS_SUMS = {
    Basis.NET: frozenset({'invoices', 'net', 'paid', 'unpaid', 'settled', 'settle_days', 'issued_customers'}),
    Basis.GROSS: frozenset({'invoices', 'gross', 'paid', 'unpaid', 'settled', 'settle_days', 'issued_customers'}),
    Basis.PAID: frozenset({'closed', 'closed_gross', 'closed_days', 'received', 'due_unpaid', 'paid_customers'}),
}
AMOUNT = {Basis.NET: 'net', Basis.GROSS: 'gross', Basis.PAID: 'received'}  # the column of the chart and comparison


def _money(units: Any) -> Decimal:
    return Decimal(int(units or 0)) / UNITS


class IncomeSql:
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

    def _chosen(self, p: Parameters) -> str:
        """` AND cc.category_id IN (...)` with a category filter: only the chosen categories are rows."""
        ids = self.query.category_ids[:MAX_CATEGORIES]
        return f' AND cc.category_id IN ({", ".join(p.add(i) for i in ids)})' if ids else ''

    @property
    def kept_rows(self) -> bool:
        """With a category filter, whether the chosen categories' rows are `report_day`'s own: with "any of" (or a
        single category) every customer of a chosen category passes the filter, so its row holds all their invoices."""
        ids = set(self.query.category_ids[:MAX_CATEGORIES])
        return bool(ids) and (self.query.mode == MatchMode.ANY or len(ids) == 1)

    @property
    def total_apart(self) -> bool:
        """The de-duplicated total is not one of `report_day`'s rows: "any of" several categories counts each
        invoice of their customers once, which only the per-invoice rows tell (a customer may be in several)."""
        return self.kept_rows and len(set(self.query.category_ids[:MAX_CATEGORIES])) > 1

    def _source(self, p: Parameters, period: Period, part: Part = 'all', wanted: frozenset[str] = ALL) -> str:
        """`report_day` as `d` (`part`: the category rows, the `TOTAL` row or both); with a category filter the
        chosen categories' rows of `report_day` where they are exact (`kept_rows`), else the same columns summed from
        the chosen customers' per-invoice and per-payment rows of the period's days (only those `wanted`)."""
        ids = self.query.category_ids[:MAX_CATEGORIES]
        if not ids:
            return 'report_day d'
        if not self.kept_rows:
            return f'({self._per_invoice(p, period, wanted, categories=True)}) d'
        names = ', '.join(SUMS)
        selects = []
        if part != 'total':
            marks = ', '.join(p.add(category_id) for category_id in ids)
            selects.append(
                f'SELECT day, category_id, currency, {names} FROM report_day'
                f' WHERE category_id IN ({marks}) AND {self._days("day", p, period)}'
            )
        if part != 'categories' and not self.total_apart:  # one category: its row is the total
            selects.append(
                f'SELECT day, {TOTAL} AS category_id, currency, {names} FROM report_day'
                f' WHERE category_id = {p.add(ids[0])} AND {self._days("day", p, period)}'
            )
        elif part != 'categories':
            selects.append(self._per_invoice(p, period, wanted, categories=False))
        return f'({" UNION ALL ".join(selects)}) d'

    def _days(self, column: str, p: Parameters, period: Period) -> str:
        return f'{column} >= {p.add(self._date(period.start))} AND {column} <= {p.add(self._date(period.end))}'

    def _per_invoice(self, p: Parameters, period: Period, wanted: frozenset[str], *, categories: bool) -> str:
        """The SUMS per (day, category key, currency) from the chosen customers' per-invoice and per-payment rows of
        the period's days (each part restricted to them, so the union stays small): the chosen categories and `TOTAL`,
        or `TOTAL` alone."""
        zeros = dict.fromkeys(SUMS, '0')
        by_issue = zeros | {
            'invoices': '1', 'net': 'r.net', 'gross': 'r.gross', 'paid': 'r.paid', 'unpaid': 'r.unpaid',
            'settled': 'CASE WHEN r.settled_on IS NULL THEN 0 ELSE 1 END', 'settle_days': 'COALESCE(r.settle_days, 0)',
        }  # fmt: skip
        by_settlement = zeros | {'closed': '1', 'closed_gross': 'r.gross', 'closed_days': 'r.settle_days'}
        parts = [
            ('r', 'r.issued', by_issue, 'report_invoice r', ''),
            ('r', 'r.settled_on', by_settlement, 'report_invoice r', ''),
            ('r', 'r.due', zeros | {'due_unpaid': 'r.unpaid'}, 'report_invoice r', ' AND r.unpaid > 0'),
            ('q', 'q.paid_on', zeros | {'received': 'q.amount'}, 'report_payment q', ''),
            ('l', 'l.last_issued', zeros | {'issued_customers': '1'}, 'report_customer_last l', ''),
            ('l', 'l.last_paid', zeros | {'paid_customers': '1'}, 'report_customer_last l', ''),
        ]
        selects = [
            _select(alias, day, values, f'{table} WHERE {self._days(day, p, period)}{extra}')
            + self._customer_filter(f'{alias}.customer_id', p)
            for alias, day, values, table, extra in parts
            if any(values[name] != '0' for name in wanted)
        ]
        columns = ', '.join(f'c.{name} AS {name}' for name in SUMS)
        union = ' UNION ALL '.join(selects)
        if not categories:
            return f'SELECT c.day AS day, {TOTAL} AS category_id, c.currency AS currency, {columns} FROM ({union}) c'
        links = (
            f'SELECT cc.customer_id, cc.category_id FROM customer_category cc WHERE true{self._chosen(p)}'
            f' UNION ALL SELECT id, {TOTAL} FROM customer'
        )
        return (
            f'SELECT c.day AS day, k.category_id AS category_id, c.currency AS currency, {columns}'
            f' FROM ({union}) c JOIN ({links}) k ON k.customer_id = c.customer_id'
        )

    async def _rows(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        _, records = await self.conn.execute_query(sql, params)
        return [dict(record) for record in records]

    async def sums(
        self, period: Period, *, by_month: bool, part: Part = 'all', wanted: frozenset[str] = ALL
    ) -> dict[tuple[int, str], Sums]:
        """(category key, month `YYYY-MM` or '') -> the SUMS over the period's days, in the company currency (`part`:
        of the category rows, of the total, or both; `wanted`: the columns the caller reads, the others may be 0)."""
        p = self._p()  # placeholders are added in the order they appear in the text (SQLite's are positional)
        overdue = f'SUM(CASE WHEN d.day < {p.add(self._date(self.today))} THEN d.due_unpaid ELSE 0 END) AS due_overdue'
        month = self._month('d.day') if by_month else "''"
        columns = ', '.join(f'SUM(d.{name}) AS {name}' for name in SUMS)
        source = self._source(p, period, part, wanted)
        where = (
            f'd.currency = {p.add(self.currency)} AND d.day >= {p.add(self._date(period.start))}'
            f' AND d.day <= {p.add(self._date(period.end))}'
        )
        group = f'd.category_id, {month}' if by_month else 'd.category_id'
        sql = (
            f'SELECT d.category_id AS category_id, {month} AS month, {columns}, {overdue}'
            f' FROM {source} WHERE {where} GROUP BY {group}'
        )
        return {
            (int(row['category_id']), str(row['month'])): {name: int(row[name] or 0) for name in (*SUMS, 'due_overdue')}
            for row in await self._rows(sql, p.values)
        }

    async def customers(self, period: Period, sums: dict[int, Sums]) -> dict[int, int]:
        """category key -> customers invoiced in the period (paid basis: customers who paid in it).

        `sums` are the period's sums per category key: when no invoice (payment) of the currency is dated after the
        period, the customers are those whose last one falls in the period, which the sums hold; otherwise they are
        counted from the invoices (payments) of the period.
        """
        p = self._p()
        if self.query.basis == Basis.PAID:
            table, day, counted = 'report_payment', 'paid_on', 'paid_customers'
        else:
            table, day, counted = 'report_invoice', 'issued', 'issued_customers'
        later = f'SELECT 1 AS later FROM {table} WHERE {day} > {p.add(self._date(period.end))}'
        if not await self._rows(f'{later} AND currency = {p.add(self.currency)} LIMIT 1', p.values):
            return {key: values.get(counted, 0) for key, values in sums.items()}
        p = self._p()
        active = (
            f'SELECT DISTINCT x.customer_id FROM {table} x WHERE x.currency = {p.add(self.currency)}'
            f' AND x.{day} >= {p.add(self._date(period.start))} AND x.{day} <= {p.add(self._date(period.end))}'
            + self._customer_filter('x.customer_id', p)
        )
        sql = (
            f'WITH a AS ({active})'
            f' SELECT COALESCE(cc.category_id, {NONE}) AS category_id, COUNT(*) AS customers FROM a'
            f' LEFT JOIN customer_category cc ON cc.customer_id = a.customer_id{self._chosen(p)}'
            f' GROUP BY COALESCE(cc.category_id, {NONE})'
            f' UNION ALL SELECT {TOTAL}, COUNT(*) FROM a'
        )
        return {int(row['category_id']): int(row['customers']) for row in await self._rows(sql, p.values)}

    async def not_yet_due(self, period: Period) -> dict[int, int]:
        """category key -> unpaid thousandths of the invoices issued in the period and not due before today.

        All unpaid invoices due from today on are summed by due date in the kept sums; the few of them issued outside
        the period (before it, or dated after it) are taken away one by one.
        """
        p = self._p()
        source = self._source(p, Period(self.today, date.max), wanted=frozenset({'due_unpaid'}))
        kept = (
            f'SELECT d.category_id AS category_id, SUM(d.due_unpaid) AS unpaid FROM {source}'
            f' WHERE d.currency = {p.add(self.currency)} AND d.day >= {p.add(self._date(self.today))}'
            ' GROUP BY d.category_id'
        )
        result = {int(row['category_id']): int(row['unpaid'] or 0) for row in await self._rows(kept, p.values)}
        p = self._p()
        indexed = '' if self.postgres else ' INDEXED BY report_invoice_unpaid'  # SQLite would walk issue dates
        where = (
            f'r.unpaid > 0 AND r.due >= {p.add(self._date(self.today))} AND r.currency = {p.add(self.currency)}'
            f' AND (r.issued < {p.add(self._date(period.start))} OR r.issued > {p.add(self._date(period.end))})'
            + self._customer_filter('r.customer_id', p)
        )
        sql = (
            f'WITH a AS (SELECT r.customer_id, r.unpaid FROM report_invoice r{indexed} WHERE {where})'
            f' SELECT COALESCE(cc.category_id, {NONE}) AS category_id, SUM(a.unpaid) AS unpaid FROM a'
            f' LEFT JOIN customer_category cc ON cc.customer_id = a.customer_id{self._chosen(p)}'
            f' GROUP BY COALESCE(cc.category_id, {NONE})'
            f' UNION ALL SELECT {TOTAL}, SUM(a.unpaid) FROM a'
        )
        for row in await self._rows(sql, p.values):
            key = int(row['category_id'])
            result[key] = result.get(key, 0) - int(row['unpaid'] or 0)
        return result

    async def other_currencies(self, period: Period) -> list[OtherCurrency]:
        """Invoices issued in the period in other currencies than the company's: count and gross total each."""
        p = self._p()
        source = self._source(p, period, 'total', frozenset({'invoices', 'gross'}))
        sql = (
            f'SELECT d.currency AS currency, SUM(d.invoices) AS invoices, SUM(d.gross) AS total FROM {source}'
            f' WHERE d.category_id = {TOTAL} AND d.currency <> {p.add(self.currency)}'
            f' AND d.day >= {p.add(self._date(period.start))} AND d.day <= {p.add(self._date(period.end))}'
            ' GROUP BY d.currency ORDER BY d.currency'
        )
        return [
            OtherCurrency(str(row['currency']), int(row['invoices']), _money(row['total']))
            for row in await self._rows(sql, p.values)
            if int(row['invoices'] or 0)
        ]


def _select(alias: str, day: str, values: dict[str, str], source: str) -> str:
    """One part of the filtered source: `SELECT <alias>.customer_id, day, currency, SUMS FROM <source>`."""
    columns = ', '.join(f'{values[name]} AS {name}' for name in SUMS)
    return (
        f'SELECT {alias}.customer_id AS customer_id, {day} AS day, {alias}.currency AS currency, {columns}'
        f' FROM {source}'
    )
