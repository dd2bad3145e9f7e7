"""The Invoices list's filters, sort and paging, done in SQL (SQLite and PostgreSQL).

Filters: statuses (as `invoice_status` derives them), issue dates, one customer (by number), categories of the
customer (any or all of them), one currency (the Reports drill-down: a report counts the company currency's only).
Sorts: number, customer name, issue date, due date, total. Amounts are compared in thousandths as integers (SQLite
stores them as text); sorting by total groups by currency first (ISO code A-Z, always ascending) and orders by
amount within each currency, since 100 KRW and 100 EUR are not comparable. Only whitelisted column names and
placeholders go into the text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import ConfigDict, field_validator
from tortoise.backends.base.client import BaseDBAsyncClient

from services.core.paging import PageRequest
from services.invoicing.status import InvoiceStatus

SORT_COLUMNS = {
    'number': 'i.number',
    'customer': 'c.name_key',
    'issue_date': 'i.issue_date',
    'due_date': 'i.due_date',
    'total': 'CAST(ROUND(i.total * 1000) AS BIGINT)',
}
# Sorted ascending before the chosen column, whatever the direction (amounts only compare within one currency).
SORT_GROUPS = {'total': 'i.currency ASC, '}
MAX_CATEGORIES = 50


class InvoiceQuery(PageRequest):
    """What the Invoices list shows; anything out of range falls back to the default (a mangled URL still works)."""

    model_config = ConfigDict(frozen=True)

    statuses: tuple[InvoiceStatus, ...] = ()
    issued_from: date | None = None
    issued_to: date | None = None
    customer: str = ''  # a customer number
    category_ids: tuple[int, ...] = ()
    all_categories: bool = False  # customers with all of `category_ids` (else any of them)
    currency: str = ''  # ISO 4217 code; '' = every currency
    sort: str = 'number'
    descending: bool = True

    def changed(self, **changes: Any) -> InvoiceQuery:
        return InvoiceQuery.model_validate({**self.model_dump(), **changes})

    @field_validator('statuses', mode='before')
    @classmethod
    def _statuses(cls, value: Any) -> tuple[InvoiceStatus, ...]:
        known = {status.value for status in InvoiceStatus}
        return tuple(sorted({InvoiceStatus(item) for item in value or () if str(item) in known}))

    @field_validator('issued_from', 'issued_to', mode='before')
    @classmethod
    def _day(cls, value: Any) -> date | None:
        if isinstance(value, date) or value is None:
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            return None

    @field_validator('customer', mode='before')
    @classmethod
    def _customer(cls, value: Any) -> str:
        return str(value or '').strip().upper()[:20]

    @field_validator('currency', mode='before')
    @classmethod
    def _currency(cls, value: Any) -> str:
        code = str(value or '').strip().upper()
        return code if len(code) == 3 and code.isascii() and code.isalpha() else ''

    @field_validator('category_ids', mode='before')
    @classmethod
    def _category_ids(cls, value: Any) -> tuple[int, ...]:
        return tuple(sorted({int(item) for item in value or () if str(item).isdigit()}))[:MAX_CATEGORIES]

    @field_validator('sort', mode='before')
    @classmethod
    def _sort(cls, value: Any) -> str:
        return value if value in SORT_COLUMNS else 'number'


async def matching_ids(query: InvoiceQuery, conn: BaseDBAsyncClient, today: date) -> tuple[list[int], int]:
    """The ids of the requested page in order, and the number of matching invoices."""
    postgres = conn.capabilities.dialect == 'postgres'
    values: list[Any] = []

    def add(value: Any) -> str:
        values.append(value if postgres or not isinstance(value, date) else value.isoformat())
        return f'${len(values)}' if postgres else '?'

    conditions = []
    if query.statuses:
        conditions.append('(' + ' OR '.join(_status(status, lambda: add(today)) for status in query.statuses) + ')')
    if query.issued_from:
        conditions.append(f'i.issue_date >= {add(query.issued_from)}')
    if query.issued_to:
        conditions.append(f'i.issue_date <= {add(query.issued_to)}')
    if query.customer:
        conditions.append(f'c.number = {add(query.customer)}')
    if query.currency:
        conditions.append(f'i.currency = {add(query.currency)}')
    if query.category_ids:
        marks = ', '.join(add(category_id) for category_id in query.category_ids)
        having = f' HAVING COUNT(*) = {len(query.category_ids)}' if query.all_categories else ''
        conditions.append(
            f'i.customer_id IN (SELECT customer_id FROM customer_category WHERE category_id IN ({marks})'
            f' GROUP BY customer_id{having})'
        )
    where = ' AND '.join(conditions) or '1 = 1'
    source = 'invoice i JOIN customer c ON c.id = i.customer_id'
    _, counted = await conn.execute_query(f'SELECT COUNT(*) AS total FROM {source} WHERE {where}', list(values))
    total = int(counted[0]['total'])
    last_page = max(1, (total + query.per_page - 1) // query.per_page)
    page = min(query.page, last_page)
    direction = 'DESC' if query.descending else 'ASC'
    order = f'{SORT_GROUPS.get(query.sort, "")}{SORT_COLUMNS[query.sort]} {direction}, i.id {direction}'
    limit, offset = add(query.per_page), add((page - 1) * query.per_page)
    sql = f'SELECT i.id FROM {source} WHERE {where} ORDER BY {order} LIMIT {limit} OFFSET {offset}'
    _, records = await conn.execute_query(sql, values)
    return [int(record['id']) for record in records], total


def _status(status: InvoiceStatus, today: Callable[[], str]) -> str:
    """The SQL form of `invoice_status` (services/invoicing/status.py); `today()` adds the day's placeholder."""
    paid, total = 'CAST(ROUND(i.paid_total * 1000) AS BIGINT)', 'CAST(ROUND(i.total * 1000) AS BIGINT)'
    live = 'i.voided_at IS NULL'
    open_ = f'{live} AND {paid} < {total}'
    if status == InvoiceStatus.VOID:
        return 'i.voided_at IS NOT NULL'
    if status == InvoiceStatus.PAID:
        return f'({live} AND {paid} >= {total})'
    if status == InvoiceStatus.OVERDUE:
        return f'({open_} AND i.due_date < {today()})'
    rest = {
        InvoiceStatus.PARTLY_PAID: f'{paid} > 0',
        InvoiceStatus.SENT: f'{paid} = 0 AND i.sent_at IS NOT NULL',
        InvoiceStatus.DRAFT: f'{paid} = 0 AND i.sent_at IS NULL',
    }[status]
    return f'({open_} AND i.due_date >= {today()} AND {rest})'
