"""One user's list query while 10 other tables refresh at the same moment (issue 16: p95 within 2x of idle).

A change shown in every open table makes each of them reload its page and its category chips; here 10 tables, each
with a view of its own (search, categories, sort, deep pages: no two share a read), refresh together, as live updates
reload them, and at the same moment one user pages through the list, as a click does (`list_customers` in the
foreground). Measured: that user's query, idle (nothing else running) and in such bursts; median and p95 of ROUNDS.
Both through the service on the app's own connection (Tortoise: one SQLite connection, a PostgreSQL pool).

    .venv/bin/python -m bench.list_contention [--customers 100000] [--postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time

from tortoise import Tortoise

from services.core.actors import SYSTEM
from services.core.db import tortoise_config
from services.customers.categories import list_categories
from services.customers.list.query import list_customers
from services.customers.list.spec import ListQuery

from .dataset import postgres_dataset, sqlite_dataset

POSTGRES_URL = os.environ.get('CLIENTBOOK_BENCH_POSTGRES_URL') or os.environ.get('CLIENTBOOK_TEST_POSTGRES_URL', '')
ROUNDS = 60
OTHERS = 10
BACKGROUND = {'on': True}  # --plain: the refreshes as foreground reads (how it was before read priorities)


def other_views(category_ids: list[int]) -> list[ListQuery]:
    """Ten tables as ten users might leave them open."""
    three = tuple(category_ids[:3])
    return [
        ListQuery(),
        ListQuery(page=40),
        ListQuery(sort='name', descending=False),
        ListQuery(sort='city', descending=True, page=7),
        ListQuery(search='garcia', sort='name', descending=False),
        ListQuery(search='schmidt'),
        ListQuery(search='kim', category_ids=three, mode='any'),
        ListQuery(category_ids=three[:1], sort='name', descending=False),
        ListQuery(category_ids=three, mode='all'),
        ListQuery(sort='categories', descending=False, page=3),
    ][:OTHERS]


def measured_view(round_no: int) -> ListQuery:
    """The user's own query: a click to the next page of the default list (a new page each round, never shared)."""
    return ListQuery(page=100 + round_no)


async def timed(query: ListQuery) -> float:
    started = time.perf_counter()
    await list_customers(query, by=SYSTEM)
    return (time.perf_counter() - started) * 1000


async def refresh(query: ListQuery, round_no: int) -> None:
    """What a table does when a change reaches it: its page again and its chips (a live update: in the background)."""
    await list_customers(query.changed(page=query.page + round_no % 3), by=SYSTEM, background=BACKGROUND['on'])
    await list_categories(include_archived=round_no % 2 == 1)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(len(ordered) * 0.95) - 1)]


async def run(url: str, label: str) -> tuple[float, float]:
    await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)
    try:
        _, rows = await Tortoise.get_connection('default').execute_query('SELECT id FROM category ORDER BY id')
        views = other_views([int(row['id']) for row in rows])
        for i in range(5):  # warm up the caches and the plans
            await timed(measured_view(i))
            await asyncio.gather(*(refresh(view, i) for view in views))
        idle = [await timed(measured_view(i)) for i in range(ROUNDS)]
        busy = []
        for i in range(ROUNDS):
            others = [asyncio.ensure_future(refresh(view, i)) for view in views]
            busy.append(await timed(measured_view(ROUNDS + i)))
            await asyncio.gather(*others)
        print(f'\n{label}: the list query alone and with {OTHERS} other tables refreshing at the same moment')
        print(f'  idle:  median {statistics.median(idle):6.2f} ms  p95 {p95(idle):6.2f} ms')
        print(f'  busy:  median {statistics.median(busy):6.2f} ms  p95 {p95(busy):6.2f} ms')
        ratio = p95(busy) / p95(idle)
        print(f'  p95 busy / idle = {ratio:.2f}x  (target <= 2.0x)')
        return p95(idle), p95(busy)
    finally:
        await Tortoise.close_connections()


async def main_async(args: argparse.Namespace) -> None:
    mode = 'as foreground reads (--plain)' if args.plain else 'as background reads'
    print(f'List query under contention: {args.customers:,} customers, 30 categories; refreshes {mode}')
    print(f'  load before: {os.getloadavg()[0]:.1f}')
    if not args.skip_sqlite:
        data_dir = await sqlite_dataset(args.customers, 30)
        await run(f'sqlite://{data_dir / "clientbook.sqlite3"}', 'SQLite')
    if args.postgres and POSTGRES_URL:
        await run(args.url or await postgres_dataset(POSTGRES_URL, args.customers, 30), 'PostgreSQL')
    print(f'  load after: {os.getloadavg()[0]:.1f}')


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog='python -m bench.list_contention', description=__doc__)
    parser.add_argument('--customers', type=int, default=100_000)
    parser.add_argument('--postgres', action='store_true', help='also on PostgreSQL (CLIENTBOOK_BENCH_POSTGRES_URL)')
    parser.add_argument('--skip-sqlite', action='store_true')
    parser.add_argument('--url', default='', help='a PostgreSQL database to use instead of the cached dataset')
    parser.add_argument('--plain', action='store_true', help='refreshes without the background priority (before)')
    args = parser.parse_args(argv)
    BACKGROUND['on'] = not args.plain
    asyncio.run(main_async(args))


if __name__ == '__main__':
    main()
