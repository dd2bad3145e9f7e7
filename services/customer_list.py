"""The customer list: search, category filter, sort and paging on the server, one page at a time."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator
from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient

from .actors import Actor
from .custom_fields import displayed_values
from .events import CustomerChanged, customer_changed
from .list_sql import (
    SORT_COLUMNS,
    category_links_sql,
    count_sql,
    page_sql,
    rows_by_id_sql,
    search_page_sql,
    uses_search_index,
)
from .search_keys import search_term
from .shared_reads import SharedReads
from .validation import format_phone

PAGE_SIZES = (25, 50, 100)
SORTABLE = tuple(SORT_COLUMNS)
MAX_SEARCH_LENGTH = 100
MAX_FILTER_CATEGORIES = 50
# Fields that decide whether a customer matches a search term (the country decides the tax ID's prefix variant).
SEARCHED_FIELDS = frozenset(
    {'number', 'name', 'contact_person', 'email', 'phone', 'tax_id', 'country', 'city', 'postal_code'}
)


class MatchMode(StrEnum):
    ANY = 'any'
    ALL = 'all'


class ListQuery(BaseModel):
    """What one table shows. Anything out of range falls back to the default, so a mangled URL still works."""

    model_config = ConfigDict(frozen=True)

    search: str = ''
    category_ids: tuple[int, ...] = ()
    mode: MatchMode = MatchMode.ANY
    sort: str = 'number'
    descending: bool = True
    page: int = 1
    per_page: int = PAGE_SIZES[0]
    archived: bool = False

    def changed(self, **changes: Any) -> ListQuery:
        """A copy with some values changed, checked like a new query."""
        return ListQuery.model_validate({**self.model_dump(), **changes})

    @field_validator('search', mode='before')
    @classmethod
    def _search(cls, value: Any) -> str:
        return ' '.join(str(value or '').split())[:MAX_SEARCH_LENGTH]

    @field_validator('category_ids', mode='before')
    @classmethod
    def _category_ids(cls, value: Any) -> tuple[int, ...]:
        ids = {int(item) for item in value or () if str(item).isdigit()}
        return tuple(sorted(ids))[:MAX_FILTER_CATEGORIES]

    @field_validator('mode', mode='before')
    @classmethod
    def _mode(cls, value: Any) -> MatchMode:
        return MatchMode.ALL if value == MatchMode.ALL else MatchMode.ANY

    @field_validator('sort', mode='before')
    @classmethod
    def _sort(cls, value: Any) -> str:
        return value if value in SORT_COLUMNS else 'number'

    @field_validator('page', mode='before')
    @classmethod
    def _page(cls, value: Any) -> int:
        return max(1, min(_int(value, 1), 1_000_000))

    @field_validator('per_page', mode='before')
    @classmethod
    def _per_page(cls, value: Any) -> int:
        number = _int(value, PAGE_SIZES[0])
        return number if number in PAGE_SIZES else PAGE_SIZES[0]


class CustomerRow(BaseModel):
    """A customer as a table row. `phone` is formatted for display; `category_ids` refer to the category list."""

    id: int
    number: str
    name: str
    email: str
    phone: str
    postal_code: str
    city: str
    country: str
    category_ids: list[int]
    created_at: datetime
    version: int
    archived: bool
    custom: dict[str, str] = {}  # active custom field key -> shown value


class CustomerPage(BaseModel):
    rows: list[CustomerRow]
    total: int
    page: int
    per_page: int


class Effect(StrEnum):
    """What a change means for a table that shows `ListQuery`: nothing, one row to redraw, or the page to reload."""

    NONE = 'none'
    ROW = 'row'
    PAGE = 'page'


_shared = SharedReads()
customer_changed.subscribe(_shared.invalidate)


async def list_customers(query: ListQuery, *, by: Actor) -> CustomerPage:
    """One page of customers. Tables showing the same view at the same moment share one database read."""
    return await _shared.get(('page', query), lambda: _read_page(query))


async def get_rows(customer_ids: Sequence[int], conn: BaseDBAsyncClient | None = None) -> list[CustomerRow]:
    """The rows of these customers (any order; missing ids are left out)."""
    if not customer_ids:
        return []
    conn = conn or Tortoise.get_connection('default')
    _, records = await conn.execute_query(rows_by_id_sql(len(customer_ids), _dialect(conn)), list(customer_ids))
    return await _to_rows(records, conn)


def change_effect(query: ListQuery, change: CustomerChanged, visible_ids: Collection[int]) -> Effect:
    """Whether a table showing `query` with these rows must redraw a row, reload its page, or do nothing."""
    if change.action != 'updated':
        return Effect.PAGE  # membership and the total may change
    relevant = {query.sort}  # sort keys are named after the fields they sort by
    if search_term(query.search):
        relevant |= SEARCHED_FIELDS
    if query.category_ids:
        relevant.add('categories')
    if relevant & set(change.fields):
        return Effect.PAGE  # the customer may enter, leave or move within this page
    return Effect.ROW if change.customer_id in visible_ids else Effect.NONE


async def _read_page(query: ListQuery) -> CustomerPage:
    conn = Tortoise.get_connection('default')
    term = search_term(query.search)
    if uses_search_index(term):
        return await _read_searched_page(query, term, conn)
    counted = count_sql(query, term, _dialect(conn))
    _, result = await conn.execute_query(counted.sql, counted.params)
    total, max_id = int(result[0]['total']), int(result[0]['max_id'] or 0)
    query = _within(query, total)
    records: Sequence[Any] = []
    if total:
        statement = page_sql(query, term, _dialect(conn), total=total, max_id=max_id)
        _, records = await conn.execute_query(statement.sql, statement.params)
    return CustomerPage(rows=await _to_rows(records, conn), total=total, page=query.page, per_page=query.per_page)


async def _read_searched_page(query: ListQuery, term: str, conn: BaseDBAsyncClient) -> CustomerPage:
    statement = search_page_sql(query, term, _dialect(conn))
    _, records = await conn.execute_query(statement.sql, statement.params)
    if records or query.page == 1:
        total = int(records[0]['total']) if records else 0
        return CustomerPage(rows=await _to_rows(records, conn), total=total, page=query.page, per_page=query.per_page)
    # Past the last page the window function has no row to report the total on; the first page knows it.
    first = await _read_searched_page(query.changed(page=1), term, conn)
    return await _read_searched_page(_within(query, first.total), term, conn)


def _within(query: ListQuery, total: int) -> ListQuery:
    last_page = max(1, (total + query.per_page - 1) // query.per_page)
    return query if query.page <= last_page else query.changed(page=last_page)


async def _to_rows(records: Sequence[Any], conn: BaseDBAsyncClient) -> list[CustomerRow]:
    ids = [record['id'] for record in records]
    categories: dict[int, list[int]] = {customer_id: [] for customer_id in ids}
    if ids:
        _, links = await conn.execute_query(category_links_sql(len(ids), _dialect(conn)), ids)
        for link in links:
            categories[link['customer_id']].append(link['category_id'])
    custom = await displayed_values(ids, conn)
    return [
        CustomerRow(
            id=record['id'],
            number=record['number'],
            name=record['name'],
            email=record['email'],
            phone=_phone(record['phone']),
            postal_code=record['postal_code'],
            city=record['city'],
            country=record['country'],
            category_ids=sorted(categories[record['id']]),
            custom=custom[record['id']],
            created_at=record['created_at'],
            version=record['version'],
            archived=record['archived_at'] is not None,
        )
        for record in records
    ]


@lru_cache(maxsize=8192)
def _phone(e164: str) -> str:
    return format_phone(e164)


def _dialect(conn: BaseDBAsyncClient) -> str:
    return str(conn.capabilities.dialect)


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
