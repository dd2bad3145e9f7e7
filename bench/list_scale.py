"""The customer list at 100,000 and 1,000,000 customers, server side (issue 16: 1,000,000 within 1.5x of 100,000;
category chip counts at most 10 ms at 1,000,000).

The browser benchmark's tasks as the server answers them (`list_customers`, what each click or keystroke asks for),
plus the chips' counts (`category_counts`) and their whole read (`list_categories`), on each size's seeded database
(bench/bulk_seed.py: seeded once, reused). Median and p95 of ROUNDS after WARM_UP, then the 1M / 100k ratio of the
medians. The tasks alternate within a round, so a burst of load elsewhere spreads over all of them.

    .venv/bin/python -m bench.list_scale [--sizes 100000 1000000] [--postgres] [--skip-sqlite]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

from tortoise import Tortoise

from services.core.actors import SYSTEM
from services.core.db import tortoise_config
from services.customers.categories import category_counts, list_categories
from services.customers.list.query import list_customers
from services.customers.list.spec import ListQuery

from .dataset import postgres_dataset, sqlite_dataset
from .list_contention import POSTGRES_URL, p95

ROUNDS, WARM_UP = 20, 2
SURNAME, PHONE_PART = 'smith', '4567'  # as bench/browser.py types them


def tasks(first_category: int) -> dict[str, Callable[[], Awaitable[Any]]]:
    def page(**changes: Any) -> Callable[[], Awaitable[Any]]:
        return lambda: list_customers(ListQuery(**changes), by=SYSTEM)

    return {
        'open the list (page 1, newest first)': page(),
        f'search a surname ({SURNAME!r})': page(search=SURNAME),
        f'search part of a phone number ({PHONE_PART!r})': page(search=PHONE_PART),
        "search two letters ('ki')": page(search='ki'),
        'deep page by URL (page 500)': page(page=500),
        'filter by one category': page(category_ids=(first_category,)),
        'sort by name': page(sort='name', descending=False),
        'sort by name, descending, page 2': page(sort='name', descending=True, page=2),
        'category chip counts (category_counts)': lambda: category_counts(),
        'category chips, whole read (list_categories)': lambda: list_categories(),
    }


async def measure(url: str) -> dict[str, list[float]]:
    await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)
    try:
        _, rows = await Tortoise.get_connection('default').execute_query('SELECT MIN(id) AS id FROM category')
        jobs = tasks(int(rows[0]['id']))
        samples: dict[str, list[float]] = {name: [] for name in jobs}
        for round_no in range(WARM_UP + ROUNDS):
            for name, job in jobs.items():
                started = time.perf_counter()
                await job()
                if round_no >= WARM_UP:
                    samples[name].append((time.perf_counter() - started) * 1000)
        return samples
    finally:
        await Tortoise.close_connections()


def report(label: str, sizes: list[int], results: dict[int, dict[str, list[float]]]) -> None:
    print(f'\n{label}: median / p95 in ms ({ROUNDS} rounds), and the ratio of the medians, largest / smallest size')
    print(f'  {"task":<46}' + ''.join(f'{size:>20,}' for size in sizes) + '   ratio (target <= 1.5x)')
    for name in results[sizes[0]]:
        cells = [f'{statistics.median(results[s][name]):8.2f} / {p95(results[s][name]):8.2f}' for s in sizes]
        ratio = statistics.median(results[sizes[-1]][name]) / statistics.median(results[sizes[0]][name])
        print(f'  {name:<46}' + ''.join(f'{cell:>20}' for cell in cells) + f'   {ratio:5.2f}x')
    chips = statistics.median(results[sizes[-1]]['category chip counts (category_counts)'])
    print(f'  chip counts at {sizes[-1]:,}: {chips:.2f} ms median (target <= 10 ms)')


async def main_async(args: argparse.Namespace) -> None:
    sizes = sorted(args.sizes)
    listed = ', '.join(f'{size:,}' for size in sizes)
    print(f'Customer list at {listed} customers (30 categories); load {os.getloadavg()[0]:.1f}')
    if not args.skip_sqlite:
        results = {}
        for size in sizes:
            data_dir = await sqlite_dataset(size, 30)
            results[size] = await measure(f'sqlite://{data_dir / "clientbook.sqlite3"}')
        report('SQLite', sizes, results)
    if args.postgres and POSTGRES_URL:
        results = {size: await measure(await postgres_dataset(POSTGRES_URL, size, 30)) for size in sizes}
        report('PostgreSQL', sizes, results)
    print(f'  load after: {os.getloadavg()[0]:.1f}')


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog='python -m bench.list_scale', description=__doc__)
    parser.add_argument('--sizes', type=int, nargs='+', default=[100_000, 1_000_000])
    parser.add_argument('--postgres', action='store_true', help='also on PostgreSQL (CLIENTBOOK_BENCH_POSTGRES_URL)')
    parser.add_argument('--skip-sqlite', action='store_true')
    asyncio.run(main_async(parser.parse_args(argv)))


if __name__ == '__main__':
    main()
