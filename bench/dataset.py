"""Benchmark data: a database filled by `main.py seed-demo`, made once and reused (bench/data/, not committed)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import asyncpg

from services.core.db import apply_migrations, tortoise_config

ROOT = Path(__file__).resolve().parent.parent
# CLIENTBOOK_BENCH_DATA: keep the (large) seeded databases elsewhere, e.g. shared by several work trees.
DATA = Path(os.environ.get('CLIENTBOOK_BENCH_DATA') or Path(__file__).resolve().parent / 'data')
SEED = 1


def seed_environment(**settings: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith('CLIENTBOOK_')}
    env.update({f'CLIENTBOOK_{key.upper()}': value for key, value in settings.items()})
    return env


def create_admin(
    env: dict[str, str], email: str, password: str, *, cwd: Path | str = ROOT, exists_ok: bool = False
) -> None:
    """`main.py create-user` for an admin with the app's settings in `env`. `exists_ok`: a failure (the account is
    there already, in a reused data set) is ignored; otherwise it raises `CalledProcessError`."""
    subprocess.run(
        [sys.executable, str(ROOT / 'main.py'), 'create-user', '--email', email, '--role', 'admin'],
        input=password + '\n', text=True, cwd=cwd, env=env, check=not exists_ok, capture_output=True,
    )  # fmt: skip


def seed(customers: int, categories: int, env: dict[str, str], *, invoices: bool = False) -> None:
    """Without invoices: the bulk seeder (bench/bulk_seed.py, minutes for 1,000,000); with them `main.py seed-demo`
    (only the reports benchmark needs invoices)."""
    print(f'  seeding {customers:,} customers in {categories} categories (once) ...', flush=True)
    started = time.perf_counter()
    if invoices:
        command = [sys.executable, str(ROOT / 'main.py'), 'seed-demo', '--customers', str(customers)]
        command += ['--categories', str(categories), '--seed', str(SEED)]
    else:
        command = [sys.executable, '-m', 'bench.bulk_seed', '--customers', str(customers)]
        command += ['--categories', str(categories)]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    print(f'  seeded in {time.perf_counter() - started:.0f} s', flush=True)


async def sqlite_dataset(customers: int, categories: int) -> Path:
    """The data dir of a seeded SQLite database (its file is data_dir / 'clientbook.sqlite3')."""
    data_dir = DATA / f'sqlite-{customers}-{categories}'
    ready = data_dir / 'ready'
    if not ready.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        (data_dir / 'clientbook.sqlite3').unlink(missing_ok=True)
        seed(customers, categories, seed_environment(data_dir=str(data_dir)))
        ready.touch()
    else:
        await apply_migrations(tortoise_config(f'sqlite://{data_dir / "clientbook.sqlite3"}'))
    return data_dir


async def postgres_dataset(server_url: str, customers: int, categories: int) -> str:
    """The URL of a seeded PostgreSQL database on the server of `server_url` (created once)."""
    name = f'clientbook_bench_{customers}_{categories}'
    url = urlunparse(urlparse(server_url)._replace(path=f'/{name}'))
    admin = await asyncpg.connect(urlunparse(urlparse(server_url)._replace(scheme='postgresql')))
    try:
        exists = await admin.fetchval('SELECT 1 FROM pg_database WHERE datname = $1', name)
        if exists:
            count = await _customer_count(url)
            if count == customers:
                await apply_migrations(tortoise_config(url))  # a dataset from an older schema catches up
                return url
            await admin.execute(f'DROP DATABASE {name} WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE {name}')
    finally:
        await admin.close()
    seed(customers, categories, seed_environment(database_url=url, data_dir=str(DATA / 'postgres')))
    conn = await asyncpg.connect(urlunparse(urlparse(url)._replace(scheme='postgresql')))
    try:
        await conn.execute('VACUUM ANALYZE')  # the steady state autovacuum would reach: statistics, visibility map
    finally:
        await conn.close()
    return url


async def _customer_count(url: str) -> int | None:
    conn = await asyncpg.connect(urlunparse(urlparse(url)._replace(scheme='postgresql')))
    try:
        return int(await conn.fetchval('SELECT COUNT(*) FROM customer'))
    except asyncpg.PostgresError:
        return None
    finally:
        await conn.close()
