"""The customer list: search, category filter, sort and paging on the server, one page at a time."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import lru_cache
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient

from services.core.actors import Actor
from services.core.events import CustomerChanged, customer_changed
from services.core.read_priority import reads
from services.core.shared_reads import SharedReads
from services.core.values.validation import format_phone
from services.customers.custom_fields import displayed_values
from services.customers.list.search_keys import search_term
from services.customers.list.spec import SEARCHED_FIELDS, CustomerPage, CustomerRow, Effect, ListQuery
from services.customers.list.sql import (
    category_links_sql,
    count_sql,
    page_sql,
    rows_by_id_sql,
    search_count_sql,
    search_page_sql,
    search_walk_sql,
    uses_search_index,
    walks_sort_index,
)

_shared = SharedReads()
customer_changed.subscribe(_shared.invalidate)


async def list_customers(query: ListQuery, *, by: Actor, background: bool = False) -> CustomerPage:
    """One page of customers. Tables showing the same view at the same moment share one database read.

    `background`: nobody is waiting for this page (a table reloading after someone else's change); such reads run
    one at a time and give way to the others (services/core/read_priority.py).
    """
    async with reads.background() if background else reads.foreground():
        return await _shared.get(('page', query), lambda: _read_page(query))


async def get_rows(customer_ids: Sequence[int], conn: BaseDBAsyncClient | None = None) -> list[CustomerRow]:
    """The rows of these customers (any order; missing ids are left out)."""
    if not customer_ids:
        return []
    conn = conn or Tortoise.get_connection('default')
    _, records = await conn.execute_query(rows_by_id_sql(len(customer_ids), _dialect(conn)), list(customer_ids))
    return await _to_rows(records, conn)


async def read_rows(customer_ids: Sequence[int], *, by: Actor) -> list[CustomerRow]:
    """Like `get_rows`, for tables redrawing rows after a change: tables asking at the same moment share one read."""
    ids = tuple(sorted(set(customer_ids)))
    return await _shared.get(('rows', ids), lambda: get_rows(ids))


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
    return CustomerPage(
        rows=await _to_rows(records, conn), total=total, page=query.page, per_page=query.per_page, none_yet=not max_id
    )


async def _read_searched_page(query: ListQuery, term: str, conn: BaseDBAsyncClient) -> CustomerPage:
    if _dialect(conn) != 'postgres':
        return await _count_then_page(query, term, conn)
    statement = search_page_sql(query, term, _dialect(conn))
    _, records = await conn.execute_query(statement.sql, statement.params)
    if records or query.page == 1:
        total = int(records[0]['total']) if records else 0
        return CustomerPage(rows=await _to_rows(records, conn), total=total, page=query.page, per_page=query.per_page)
    # Past the last page the window function has no row to report the total on; the first page knows it.
    first = await _read_searched_page(query.changed(page=1), term, conn)
    return await _read_searched_page(_within(query, first.total), term, conn)


async def _count_then_page(query: ListQuery, term: str, conn: BaseDBAsyncClient) -> CustomerPage:
    """SQLite: count the hits from the indexes, then read only the page (see sql.py). A common surname at 1,000,000
    customers has some 35,000 hits: reading all their rows to count and sort them took 220 ms warm."""
    counted = search_count_sql(query, term)
    _, result = await conn.execute_query(counted.sql, counted.params)
    total, max_id = int(result[0]['total']), int(result[0]['max_id'] or 0)
    query = _within(query, total)
    records: Sequence[Any] = []
    if total:
        walk = walks_sort_index(query, total=total, max_id=max_id)
        statement = search_walk_sql(query, term) if walk else search_page_sql(query, term, 'sqlite', counted=True)
        _, records = await conn.execute_query(statement.sql, statement.params)
    return CustomerPage(rows=await _to_rows(records, conn), total=total, page=query.page, per_page=query.per_page)


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
