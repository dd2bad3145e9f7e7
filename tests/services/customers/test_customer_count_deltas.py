"""PostgreSQL: the list's totals kept as deltas (migration 0028) let concurrent writers go on without waiting for each
other, and compacting the deltas, however many compactions run at once and whatever is uncommitted, keeps every
snapshot's total equal to a count of the customers."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import AsyncIterator, Awaitable, Callable
from itertools import count

import asyncpg
import pytest
from tortoise import Tortoise

from services.core.actors import SYSTEM
from services.customers.list.query import list_customers
from services.customers.list.spec import ListQuery
from services.customers.registration import create_customer
from tests.conftest import _asyncpg_url
from tests.factories import korean_draft

DELTAS = importlib.import_module('models.migrations.0028_customer_count_deltas')
Connect = Callable[[], Awaitable[asyncpg.Connection]]
# Waiting for a lock another open transaction holds would exceed this by far (it is held until that one ends).
NO_WAIT = 5.0
COUNTED = """SELECT COUNT(*) AS customers, COUNT(archived_at) AS archived, COUNT(merged_into_id) AS merged
             FROM customer"""
STORED = 'SELECT customers, archived, merged FROM customer_count'
# PostgreSQL only: SQLite has one writer at a time and keeps its totals in one row (migration 0027).
pytestmark = pytest.mark.parametrize('db', ['postgres'], indirect=True)


@pytest.fixture
async def connect(db: str, postgres_database: str) -> AsyncIterator[Connect]:
    """Connections of their own (each its own session and transactions) to the test's PostgreSQL database."""
    opened: list[asyncpg.Connection] = []

    async def open_one() -> asyncpg.Connection:
        opened.append(await asyncpg.connect(_asyncpg_url(postgres_database)))
        return opened[-1]

    yield open_one
    for conn in opened:
        await conn.close()


async def copier(conn: asyncpg.Connection) -> Callable[..., str]:
    """SQL inserting `n` copies of the first customer under new numbers, in one statement, registered `days` earlier
    (the Reports' sums of new customers, 0022, upsert one row per registration day: writers of the same day wait for
    each other there, whatever the list's totals do)."""
    rows = await conn.fetch(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'customer' AND column_name <> 'id' "
        "AND column_name <> 'number' ORDER BY ordinal_position"
    )
    columns = [row['column_name'] for row in rows]
    numbers = count(1)

    def insert(n: int, days: int = 0) -> str:
        first = next(numbers)
        for _ in range(n - 1):
            next(numbers)
        values = [f"{c} - interval '{days} days'" if c == 'created_at' else c for c in columns]
        return (
            f"INSERT INTO customer (number, {', '.join(columns)}) SELECT 'T-' || g, {', '.join(values)} "
            f'FROM customer, generate_series({first}, {first + n - 1}) g WHERE id = (SELECT MIN(id) FROM customer)'
        )

    return insert


async def assert_totals(conn: asyncpg.Connection) -> None:
    """The stored totals = a count, in this connection's snapshot; the list shows them (from the app's pool)."""
    assert dict(await conn.fetchrow(STORED)) == dict(await conn.fetchrow(COUNTED))


async def list_total(archived: bool = False) -> int:
    return (await list_customers(ListQuery(archived=archived), by=SYSTEM)).total


async def test_concurrent_writers_do_not_wait_for_each_other(connect: Connect) -> None:
    await create_customer(by=SYSTEM, draft=korean_draft())
    first, second = await connect(), await connect()
    insert = await copier(first)
    held = first.transaction()
    await held.start()
    await first.execute(insert(3))  # an import's chunk, its transaction still open
    await first.execute('UPDATE customer SET archived_at = now() WHERE number = $1', 'T-1')

    # Another writer inserts, archives and deletes customers and commits, without waiting for the first.
    await asyncio.wait_for(second.execute(insert(2, days=1)), NO_WAIT)
    await asyncio.wait_for(second.execute("UPDATE customer SET archived_at = now() WHERE number = 'T-4'"), NO_WAIT)
    await asyncio.wait_for(second.execute("DELETE FROM customer WHERE number = 'T-5'"), NO_WAIT)
    assert await list_total() == 1 and await list_total(archived=True) == 2  # the first's rows are not committed
    await assert_totals(second)
    await assert_totals(first)  # its own rows, and the second's committed ones
    assert (await first.fetchrow(STORED))['customers'] == 5

    await held.commit()
    assert await list_total() == 3 and await list_total(archived=True) == 5
    await assert_totals(second)


async def test_compactions_sum_each_committed_delta_once(connect: Connect) -> None:
    await create_customer(by=SYSTEM, draft=korean_draft())
    writer, compactor, other, reader = [await connect() for _ in range(4)]
    insert = await copier(writer)
    for n in (1, 2, 3):
        await writer.execute(insert(n))
    await writer.execute("UPDATE customer SET archived_at = now() WHERE number IN ('T-1', 'T-2')")
    await writer.execute("UPDATE customer SET archived_at = now(), merged_into_id = (SELECT MIN(id) FROM customer) "
                         "WHERE number = 'T-3'")  # fmt: skip
    await writer.execute("DELETE FROM customer WHERE number = 'T-6'")
    assert await reader.fetchval('SELECT COUNT(*) FROM customer_count_delta') >= 6
    await assert_totals(reader)

    uncommitted = writer.transaction()  # a delta nobody else sees yet
    await uncommitted.start()
    await writer.execute(insert(4))
    compacting = compactor.transaction()  # a compaction that has not committed
    await compacting.start()
    await compactor.execute(DELTAS.COMPACT)
    await assert_totals(reader)  # its delete and insert show together, at its commit
    await asyncio.wait_for(other.execute(DELTAS.COMPACT), NO_WAIT)  # skips the rows the first holds: no wait
    await assert_totals(reader)
    await compacting.commit()
    await assert_totals(reader)
    await other.execute(DELTAS.COMPACT)
    assert await reader.fetchval('SELECT COUNT(*) FROM customer_count_delta') == 1
    await assert_totals(reader)
    assert await list_total() == 3 and await list_total(archived=True) == 5

    await uncommitted.commit()  # its delta was left alone by every compaction
    await assert_totals(reader)
    assert await list_total() == 7
    await other.execute(DELTAS.COMPACT)
    assert await reader.fetchval('SELECT COUNT(*) FROM customer_count_delta') == 1


async def test_writers_compact_as_they_go(connect: Connect) -> None:
    """Every statement adds a delta; every COMPACT_EVERY-th one compacts the table (in the writer's transaction)."""
    await create_customer(by=SYSTEM, draft=korean_draft())
    conn = await connect()
    customer_id = await conn.fetchval('SELECT MIN(id) FROM customer')
    for _ in range(DELTAS.COMPACT_EVERY + 2):
        await conn.execute('UPDATE customer SET archived_at = CASE WHEN archived_at IS NULL THEN now() END '
                           'WHERE id = $1', customer_id)  # fmt: skip
    assert await conn.fetchval('SELECT COUNT(*) FROM customer_count_delta') < DELTAS.COMPACT_EVERY
    await assert_totals(conn)
    assert await list_total() == 1
    assert await conn.fetchval('SELECT COUNT(*) FROM customer_count_delta WHERE customers = 0 AND archived = 0') == 0
    deltas = await conn.fetchval('SELECT COUNT(*) FROM customer_count_delta')
    await conn.execute('UPDATE customer SET city = city')  # no change to any total: no delta
    assert await conn.fetchval('SELECT COUNT(*) FROM customer_count_delta') == deltas
    await Tortoise.get_connection('default').execute_script('TRUNCATE customer CASCADE')
    assert await conn.fetchval('SELECT COUNT(*) FROM customer_count_delta') == 0
    assert await list_total() == 0
