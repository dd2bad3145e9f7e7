"""Gap-free sequential numbers from a counter row, safe under concurrent transactions."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F

from models import Counter


async def next_value(name: str, conn: BaseDBAsyncClient) -> int:
    """Increment the named counter inside the caller's transaction and return the new value.

    The UPDATE takes the row lock on PostgreSQL (a concurrent transaction waits for our commit and then
    increments the committed value); SQLite serialises whole transactions. A rollback returns the number.
    """
    await Counter.bulk_create([Counter(name=name, value=0)], ignore_conflicts=True, using_db=conn)
    await Counter.filter(name=name).using_db(conn).update(value=F('value') + 1)
    counter = await Counter.filter(name=name).using_db(conn).get()
    return int(counter.value)


async def reserve_values(name: str, count: int, conn: BaseDBAsyncClient) -> range:
    """Reserve `count` consecutive values at once (bulk imports and demo data)."""
    await Counter.bulk_create([Counter(name=name, value=0)], ignore_conflicts=True, using_db=conn)
    await Counter.filter(name=name).using_db(conn).update(value=F('value') + count)
    counter = await Counter.filter(name=name).using_db(conn).get()
    return range(counter.value - count + 1, counter.value + 1)


def customer_number(value: int) -> str:
    return f'C-{value:05d}'


def invoice_number(year: int, value: int) -> str:
    """`2026-0001`: sequential per year, without gaps (the counter is named per year)."""
    return f'{year}-{value:04d}'


def invoice_counter(year: int) -> str:
    return f'invoice-{year}'
