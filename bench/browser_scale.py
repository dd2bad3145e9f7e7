"""The customer table's tasks at 1,000,000 customers against the same tasks at 100,000, in the same headless Chromium.

`python -m bench.browser_scale` (SQLite; `--postgres` for PostgreSQL instead). Two Clientbook servers, one per
size, each on its own copy of the demo data (bench/dataset.py, 30 categories, seeded once by bench/bulk_seed.py);
the tasks of bench/browser.py (open warm and cold, search a surname and part of a phone number, a deep page, one
category, sort) timed from the user's side, the two sizes alternating, medians of 5. Printed: both medians and the
ratio, target at most 1.5x (issue 16).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
from contextlib import ExitStack
from pathlib import Path

from playwright.async_api import async_playwright

from .browser import SIDE, measure
from .browser_apps import (
    BENCH_DATA,
    CHROMIUM,
    CHROMIUM_ARGS,
    POSTGRES_URL,
    ROOT,
    Clientbook,
    clientbook_env,
    ensure_user,
    free_port,
    serve,
)
from .dataset import postgres_dataset, sqlite_dataset

TARGET = 1.5


async def _database(size: int, postgres: bool) -> tuple[str, Path]:
    if postgres:
        work = BENCH_DATA / f'postgres-work-{size}'
        work.mkdir(parents=True, exist_ok=True)
        return await postgres_dataset(POSTGRES_URL, size, 30), work
    data_dir = await sqlite_dataset(size, 30)
    return f'sqlite://{data_dir / "clientbook.sqlite3"}', data_dir


async def run(args: argparse.Namespace) -> None:
    small, large = args.sizes
    engine = 'PostgreSQL' if args.postgres else 'SQLite'
    print(f'Customer table in Chromium, {engine}: {large:,} customers against {small:,} (30 categories)', flush=True)
    apps: list[Clientbook] = []
    started: dict[str, float] = {}
    logs = BENCH_DATA / 'logs'
    logs.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        for size in (small, large):
            database, data_dir = await _database(size, args.postgres)
            port = free_port()
            env = clientbook_env(database, data_dir, port)
            ensure_user(env)
            probe = f'http://127.0.0.1:{port}/login'
            command = [sys.executable, str(ROOT / 'bench' / 'serve.py')]
            seconds = stack.enter_context(serve(command, env, probe, logs / f'clientbook-{size}.log'))
            app = Clientbook(f'http://127.0.0.1:{port}')
            app.name = f'{size:,}'
            started[app.name] = seconds
            apps.append(app)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for app in apps:
                await app.sign_in(browser)
            medians = await measure(list(apps), browser, args.runs, args.only)
            await browser.close()
    a, b = apps[0].name, apps[1].name
    print(f'\n  {"task":48s} {a:>11s} {b:>11s} {"ratio":>7s}  target <= {TARGET}x')
    for task, by_size in medians.items():
        ratio = by_size[b] / by_size[a]
        mark = 'ok' if ratio <= TARGET else 'MISSED'
        print(f'  {task:48s} {by_size[a]:8.0f} ms {by_size[b]:8.0f} ms {ratio:6.2f}x  {mark}')
    print(f'  {"server start-up until the login page answers":48s} {started[a] * 1000:8.0f} ms '
          f'{started[b] * 1000:8.0f} ms {started[b] / started[a]:6.2f}x')  # fmt: skip
    for task, figures in SIDE.items():
        first, second = (statistics.median(figures['paint'][name]) for name in (a, b))
        print(f'  {task}: first contentful paint {first:.0f} ms / {second:.0f} ms')
    SIDE.clear()
    print(f'  load average during the run: {os.getloadavg()[0]:.1f} (1 min, at the end)')


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog='python -m bench.browser_scale', description=__doc__)
    parser.add_argument('--sizes', type=int, nargs=2, default=[100_000, 1_000_000])
    parser.add_argument('--runs', type=int, default=5)
    parser.add_argument('--postgres', action='store_true', help='PostgreSQL instead of SQLite')
    parser.add_argument('--only', default='', help='only the tasks whose name contains one of these, comma-separated')
    asyncio.run(run(parser.parse_args(argv)))


if __name__ == '__main__':
    main()
