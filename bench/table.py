"""The customer table's benchmarks (list query, live updates); `python -m bench.table --help` for options."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys

from . import list_query, live_updates
from .dataset import postgres_dataset, sqlite_dataset

POSTGRES_URL = os.environ.get('CLIENTBOOK_BENCH_POSTGRES_URL') or os.environ.get('CLIENTBOOK_TEST_POSTGRES_URL', '')


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog='python -m bench.table', description=__doc__)
    parser.add_argument('--customers', type=int, default=100_000)
    parser.add_argument('--categories', type=int, default=30)
    parser.add_argument('--only', choices=('list', 'live'), help='run one benchmark only')
    parser.add_argument('--clients', type=int, default=50, help='simulated browsers in the live benchmark')
    parser.add_argument('--edits', type=int, default=40, help='cell edits in the live benchmark')
    parser.add_argument('--port', type=int, default=8150, help='port of the server the live benchmark starts')
    return parser.parse_args(argv)


async def run(args: argparse.Namespace) -> None:
    python = sys.version.split()[0]
    print(f'Clientbook benchmarks: {args.customers:,} customers, {args.categories} categories, Python {python}')
    data_dir = await sqlite_dataset(args.customers, args.categories)
    if args.only in (None, 'list'):
        await list_query.run(f'sqlite://{data_dir / "clientbook.sqlite3"}', 'SQLite')
        if POSTGRES_URL:
            url = await postgres_dataset(POSTGRES_URL, args.customers, args.categories)
            await list_query.run(url, 'PostgreSQL')
        else:
            print('\nPostgreSQL: skipped (set CLIENTBOOK_BENCH_POSTGRES_URL or CLIENTBOOK_TEST_POSTGRES_URL)')
        print('  targets: p95 <= 25 ms and <= 2x the hand-written query')
    if args.only in (None, 'live'):
        await live_updates.run(data_dir, clients=args.clients, edits=args.edits, port=args.port)


def main(argv: list[str] | None = None) -> None:
    asyncio.run(run(arguments(argv)))


if __name__ == '__main__':
    main()
