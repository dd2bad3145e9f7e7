"""Backup and restore of the 100,000-customer database, SQLite and PostgreSQL: seconds and archive size.

The backup runs as `main.py backup` does (`make_backup`): snapshot, manifest with SHA-256 of every file, tar.gz.
The restore goes into an empty data folder (and, for PostgreSQL, an empty database) and checks every file and count.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import asyncpg

from services.core.settings import AppSettings
from services.ops.backup import make_backup
from services.ops.restore import restore_backup

from .dataset import DATA, postgres_dataset, sqlite_dataset
from .table import POSTGRES_URL

TARGET_SECONDS = 30.0


async def run(customers: int, categories: int) -> None:
    print(f'\nBackup and restore, {customers:,} customers (target: backup <= {TARGET_SECONDS:.0f} s)')
    work = DATA / 'backup'
    shutil.rmtree(work, ignore_errors=True)
    data_dir = await sqlite_dataset(customers, categories)
    await _measure('SQLite', AppSettings(data_dir=data_dir, backup_dir=work / 'sqlite'), work / 'restored-sqlite', None)
    if not POSTGRES_URL:
        print('  PostgreSQL: skipped (set CLIENTBOOK_BENCH_POSTGRES_URL or CLIENTBOOK_TEST_POSTGRES_URL)')
        return
    url = await postgres_dataset(POSTGRES_URL, customers, categories)
    settings = AppSettings(data_dir=work / 'pg-data', database_url=url, backup_dir=work / 'postgres')
    name = f'clientbook_bench_restore_{uuid.uuid4().hex[:8]}'
    restored = urlunparse(urlparse(url)._replace(path=f'/{name}'))
    await _admin(POSTGRES_URL, f'CREATE DATABASE {name}')
    try:
        await _measure('PostgreSQL', settings, work / 'restored-pg', restored)
    finally:
        await _admin(POSTGRES_URL, f'DROP DATABASE IF EXISTS {name} WITH (FORCE)')
    shutil.rmtree(work, ignore_errors=True)


async def _measure(label: str, settings: AppSettings, restore_dir: Path, restore_url: str | None) -> None:
    started = time.perf_counter()
    made = await make_backup(settings, trigger='command')
    seconds = time.perf_counter() - started
    assert made is not None
    print(f'  {label}: backup {seconds:.1f} s, archive {made.size / 1e6:.1f} MB', flush=True)
    target = AppSettings(data_dir=restore_dir, database_url=restore_url)
    started = time.perf_counter()
    report = await restore_backup(target, made.path)
    status = 'all counts match' if not report.notes else '; '.join(report.notes)
    print(f'  {label}: restore {time.perf_counter() - started:.1f} s ({status})', flush=True)


async def _admin(server_url: str, statement: str) -> None:
    connection = await asyncpg.connect(urlunparse(urlparse(server_url)._replace(scheme='postgresql')))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    customers = int(args[0]) if args else 100_000
    asyncio.run(run(customers, 30))


if __name__ == '__main__':
    main()
