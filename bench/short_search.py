"""One- and two-letter searches (issue 16: about 150 ms on PostgreSQL, where the trigram index cannot serve them).

Through the service (`list_customers`: the count, then the page) for common and rare short terms, default sort and
by name, page 1 and a deep page; on PostgreSQL also the statements as they were before migration 0021 (a LIKE scan
for the count, the same LIKE for the page), on the same database. Medians and p95 of ROUNDS.

    .venv/bin/python -m bench.short_search [--customers 100000] [--postgres] [--skip-sqlite]
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
from services.customers.list.query import list_customers
from services.customers.list.spec import ListQuery

from .dataset import postgres_dataset, sqlite_dataset
from .list_contention import POSTGRES_URL, p95

ROUNDS = 15
TERMS = ('a', 'k', '7', 'ki', 'ga', '01', 'qx')
VIEWS = {
    'newest first, page 1': ListQuery(),
    'by name, page 1': ListQuery(sort='name', descending=False),
    'by name, page 100': ListQuery(sort='name', descending=False, page=100),
}
BEFORE_COUNT = 'SELECT COUNT(*) FROM customer c WHERE c.search_text LIKE $1 AND c.archived_at IS NULL'
BEFORE_PAGE = (
    'SELECT c.id FROM customer c WHERE c.search_text LIKE $1 AND c.archived_at IS NULL '
    'ORDER BY c.name_key ASC, c.id ASC LIMIT 25 OFFSET 0'
)


async def timed(job: object) -> float:
    started = time.perf_counter()
    await job  # type: ignore[misc]
    return (time.perf_counter() - started) * 1000


async def run(url: str, label: str) -> None:
    await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)
    conn = Tortoise.get_connection('default')
    try:
        print(f'\n{label}: one- and two-letter searches through the service (median / p95 of {ROUNDS}, ms)')
        print(f'  {"term":<5} {"found":>9}  ' + '  '.join(f'{name:>22}' for name in VIEWS), end='')
        print('   before 0021: count + page by name' if url.startswith('postgres') else '')
        everything: list[float] = []
        for term in TERMS:
            cells, found = [], 0
            for query in VIEWS.values():
                query = query.changed(search=term)
                found = (await list_customers(query, by=SYSTEM)).total
                samples = [await timed(list_customers(query, by=SYSTEM)) for _ in range(ROUNDS)]
                everything += samples
                cells.append(f'{statistics.median(samples):9.1f} / {p95(samples):9.1f}')
            line = f'  {term:<5} {found:>9,}  ' + '  '.join(f'{cell:>22}' for cell in cells)
            if url.startswith('postgres'):
                before = []
                for _ in range(max(3, ROUNDS // 3)):
                    started = time.perf_counter()
                    await conn.execute_query(BEFORE_COUNT, [f'%{term}%'])
                    await conn.execute_query(BEFORE_PAGE, [f'%{term}%'])
                    before.append((time.perf_counter() - started) * 1000)
                line += f'   {statistics.median(before):9.1f}'
            print(line)
        print(f'  all short searches: median {statistics.median(everything):.1f} ms, p95 {p95(everything):.1f} ms')
    finally:
        await Tortoise.close_connections()


async def main_async(args: argparse.Namespace) -> None:
    print(f'Short searches: {args.customers:,} customers; load {os.getloadavg()[0]:.1f}')
    if not args.skip_sqlite:
        data_dir = await sqlite_dataset(args.customers, 30)
        await run(f'sqlite://{data_dir / "clientbook.sqlite3"}', 'SQLite')
    if args.postgres and POSTGRES_URL:
        await run(args.url or await postgres_dataset(POSTGRES_URL, args.customers, 30), 'PostgreSQL')
    print(f'  load after: {os.getloadavg()[0]:.1f}')


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog='python -m bench.short_search', description=__doc__)
    parser.add_argument('--customers', type=int, default=100_000)
    parser.add_argument('--postgres', action='store_true', help='also on PostgreSQL (CLIENTBOOK_BENCH_POSTGRES_URL)')
    parser.add_argument('--skip-sqlite', action='store_true')
    parser.add_argument('--url', default='', help='a PostgreSQL database to use instead of the cached dataset')
    asyncio.run(main_async(parser.parse_args(argv)))


if __name__ == '__main__':
    main()
