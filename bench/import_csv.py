"""Importing the demo generator's customers from a CSV file: seconds, rows per second and the process's memory growth.

`python -m bench import_csv` (100,000 rows) or `python -m bench.import_csv [ROWS] [--only sqlite|postgres]`.
SQLite; PostgreSQL when CLIENTBOOK_BENCH_POSTGRES_URL or CLIENTBOOK_TEST_POSTGRES_URL is set (a fresh database,
dropped afterwards). Target: <= 60 s, <= 200 MB growth.
"""

from __future__ import annotations

import asyncio
import csv
import io
import os
import random
import resource
import shutil
import sys
import time
import uuid
from urllib.parse import urlparse, urlunparse

import asyncpg
from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE

from services.core.actors import SYSTEM
from services.core.db import apply_migrations, tortoise_config
from services.core.numbering import customer_number
from services.core.values.validation import format_phone
from services.customers.transfer import checking
from services.customers.transfer.mapping import guess_mapping
from services.customers.transfer.preview import ImportOptions, preview_import
from services.customers.transfer.reading import read_table
from services.customers.transfer.run import run_import
from services.demo.seed import _customer

from .dataset import DATA
from .table import POSTGRES_URL

TARGET_SECONDS = 60.0
TARGET_MB = 200.0
HEADER = ['Name', 'Type', 'Contact person', 'Email', 'Phone', 'Street', 'Postal code', 'City', 'Country', 'Tax ID']


def demo_csv(rows: int) -> bytes:
    rng = random.Random(13)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for n in range(1, rows + 1):
        c = _customer(customer_number(n), rng, [])
        writer.writerow([c.name, c.kind.value, c.contact_person, c.email, format_phone(c.phone), c.street,
                         c.postal_code, c.city, c.country, c.tax_id])  # fmt: skip
    return buffer.getvalue().encode()


def rss_mb() -> float:
    with open('/proc/self/status') as status:
        for line in status:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker_pids() -> list[int]:
    pool = checking._pool
    return [process.pid for process in (pool._processes or {}).values()] if pool is not None else []


def workers_mb() -> float:
    """The resident memory of the import's worker processes (they are not the server's, but they cost memory)."""
    total = 0.0
    for pid in _worker_pids():
        try:
            with open(f'/proc/{pid}/status') as status:
                total += next(int(line.split()[1]) for line in status if line.startswith('VmRSS:')) / 1024
        except (OSError, StopIteration):
            pass
    return total


def cpu_seconds() -> tuple[float, float]:
    """CPU time (user + system) of this process and of the check workers so far: figures a loaded machine does not
    inflate the way it inflates wall-clock seconds."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime, sum(_process_cpu(pid) for pid in _worker_pids())


def _process_cpu(pid: int) -> float:
    """User + system CPU seconds of a process on this machine (`/proc/PID/stat`), 0 when it is gone."""
    try:
        with open(f'/proc/{pid}/stat') as stat:
            fields = stat.read().rsplit(')', 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')
    except (OSError, IndexError, ValueError):
        return 0.0


async def server_cpu() -> float:
    """CPU seconds of the PostgreSQL server processes serving this database (same machine), 0 on SQLite: the
    database's own share, which a loaded machine does not inflate the way it inflates wall-clock seconds."""
    conn = Tortoise.get_connection('default')
    if conn.capabilities.dialect != 'postgres':
        return 0.0
    _, rows = await conn.execute_query('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')
    return sum(_process_cpu(int(row['pid'])) for row in rows)


async def measure(label: str, url: str, data: bytes) -> None:
    """As the page does it: read, preview (the user looks at it), run with that preview."""
    EXECUTOR_CACHE.clear()  # cached per connection name: both backends are 'default'
    await apply_migrations(tortoise_config(url))
    EXECUTOR_CACHE.clear()
    await Tortoise.init(config=tortoise_config(url))
    try:
        before = rss_mb()
        checking.close_pool()  # a fresh pool: its start-up is part of the figure
        cpu_before, server_before = cpu_seconds()[0], await server_cpu()
        start = time.perf_counter()
        table = read_table(data, 'demo.csv', max_bytes=500 * 2**20)
        read = time.perf_counter() - start
        options = ImportOptions(mapping=guess_mapping(table.headers, table.rows[:50]), match_key='email')
        preview = await preview_import(table, options, by=SYSTEM)
        previewed = time.perf_counter() - start - read
        peak = rss_mb()
        batch = await run_import(table, options, by=SYSTEM, name='bench', preview=preview)
        seconds = time.perf_counter() - start
        growth = max(peak, rss_mb()) - before
        own_cpu, workers_cpu = cpu_seconds()
        own_cpu -= cpu_before
        server = await server_cpu() - server_before
        rows = len(table.rows)
        print(
            f'  {label}: {rows:,} rows in {seconds:.1f} s (read {read:.1f} s, preview {previewed:.1f} s, run '
            f'{seconds - read - previewed:.1f} s), {rows / seconds:,.0f} rows/s, created {batch.created:,}, '
            f'rejected {batch.rejected_count:,}; memory growth {growth:.0f} MB (+ {checking.WORKERS} check workers '
            f'{workers_mb():.0f} MB) (targets {TARGET_SECONDS:.0f} s, {TARGET_MB:.0f} MB)',
            flush=True,
        )
        print(
            f'    CPU: this process {own_cpu:.1f} s, check workers {workers_cpu:.1f} s, database server {server:.1f} s;'
            ' load average '
            f'{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores',
            flush=True,
        )
    finally:
        await Tortoise.close_connections()


async def run(rows: int, engines: set[str]) -> None:
    print(f'\nCSV import of {rows:,} demo customers', flush=True)
    data = demo_csv(rows)
    print(f'  file: {len(data) / 2**20:.1f} MB')
    if 'sqlite' in engines:
        work = DATA / 'import'
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        await measure('SQLite', f'sqlite://{work / "clientbook.sqlite3"}', data)
    if 'postgres' not in engines:
        return
    if not POSTGRES_URL:
        print('  PostgreSQL: skipped (set CLIENTBOOK_BENCH_POSTGRES_URL or CLIENTBOOK_TEST_POSTGRES_URL)')
        return
    name = f'clientbook_bench_import_{uuid.uuid4().hex[:8]}'
    admin = urlunparse(urlparse(POSTGRES_URL)._replace(scheme='postgresql'))
    conn = await asyncpg.connect(admin)
    await conn.execute(f'CREATE DATABASE {name}')
    try:
        await measure('PostgreSQL', urlunparse(urlparse(POSTGRES_URL)._replace(path=f'/{name}')), data)
    finally:
        await conn.execute(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)')
        await conn.close()


def main(args: list[str] | None = None) -> None:
    """`[ROWS] [--only sqlite|postgres]`."""
    argv = list(sys.argv[1:] if args is None else args)
    engines = {'sqlite', 'postgres'}
    if '--only' in argv:
        at = argv.index('--only')
        engines = {argv[at + 1]}
        del argv[at : at + 2]
    asyncio.run(run(int(argv[0]) if argv else 100_000, engines))


if __name__ == '__main__':
    main()
