"""The income report's statements for SQLite and PostgreSQL (see `services.reports.income` for the rules)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from services.customers.list.spec import MatchMode
from services.customers.list.sql import Parameters
from services.reports.figures import Basis, Figures, OtherCurrency, ReportQuery
from services.reports.period import Period

UNITS = 1000  # amounts are summed in thousandths
MAX_CATEGORIES = 50  # a filter or a report names at most this many categories


def _units(expression: str) -> str:
    return f'CAST(ROUND({expression} * {UNITS}) AS BIGINT)'


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
