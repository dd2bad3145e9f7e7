"""`python -m bench.bulk_seed --customers N --categories C`: N demo customers into an EMPTY, migrated database in
minutes (1,000,000: a few minutes on SQLite and PostgreSQL), for the benchmarks; the database is the one the app's
settings name (CLIENTBOOK_DATA_DIR / CLIENTBOOK_DATABASE_URL, as for `main.py`).

The rows are what the app writes (bench/bulk_rows.py; tests/bench/test_bulk_seed.py compares them with app-saved rows).
The load: categories through the app (`seed-demo`'s own function), then the secondary indexes and the triggers of the
customer tables are set aside, the rows go in by `executemany` (SQLite) or COPY (PostgreSQL), and what the triggers
would have done is done once in bulk: the FTS5 search index rebuilt, the list's totals counted (SQLite:
`customer_count`, migration 0027; PostgreSQL: one row of `customer_count_delta`, 0028),
`category_count` counted, the Reports' new-customer sums (`report_day.registered`, `report_uncategorised`) written as
migration 0022 first wrote them. (On PostgreSQL the customer table's triggers are disabled during the load too: since
0023 its insert trigger is a statement trigger that, with the link indexes set aside, read every link per new customer.)
Then the indexes and the very same trigger definitions (as read from the database before) are put back.
No invoices (the reports benchmark still uses `seed-demo`).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import multiprocessing
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from typing import Any

import asyncpg
from tortoise import Tortoise

from bench.bulk_rows import CHUNK, COLUMNS, PHONES_PER_COUNTRY, Pools, chunk_rows, make_pools
from services.core.db import open_database
from services.core.pg import libpq_url
from services.core.settings import AppSettings
from services.demo.seed import _ensure_categories

SEED = 1
# The report sums' registration rows (report_day.registered) and "No category" members, as migration 0022 first
# filled them: what the customer triggers, set aside during the load, would have written.
_REPORTS = importlib.import_module('models.migrations.0022_report_registrations')
_CUSTOMER_COUNT = importlib.import_module('models.migrations.0027_customer_count')
_CUSTOMER_COUNT_DELTAS = importlib.import_module('models.migrations.0028_customer_count_deltas')
COUNT_CATEGORIES = """
INSERT INTO category_count (category_id, customers, archived)
SELECT cat.id,
       (SELECT COUNT(*) FROM customer_category cc WHERE cc.category_id = cat.id),
       (SELECT COUNT(*) FROM customer_category cc JOIN customer c ON c.id = cc.customer_id
         WHERE cc.category_id = cat.id AND c.archived_at IS NOT NULL)
FROM category cat
"""
AUDIT_COLUMNS = (
    'at',
    'actor_name',
    'action',
    'entity',
    'entity_id',
    'detail',
    'field',
    'old_value',
    'new_value',
    'client_address',
)
TABLES = ('customer', 'customer_category', 'audit_entry')
Chunk = tuple[list[tuple[Any, ...]], list[tuple[int, int]]]


def chunks(
    customers: int, categories: dict[int, str], seed: int = SEED, workers: int = 2, pool: int = PHONES_PER_COUNTRY
) -> Iterator[Chunk]:
    """The rows in chunks, built by `workers` processes (in order; deterministic for a seed)."""
    pools = make_pools(seed, pool)
    now = datetime.now(UTC)
    jobs = [
        (chunk, 1 + chunk * CHUNK, min(CHUNK, customers - chunk * CHUNK)) for chunk in range(-(-customers // CHUNK))
    ]
    build = partial(_build, seed=seed, categories=categories, pools=pools, now=now)
    if workers <= 1 or len(jobs) == 1:
        yield from map(build, jobs)
        return
    with multiprocessing.get_context('fork').Pool(workers) as pool:
        yield from pool.imap(build, jobs)


def _build(job: tuple[int, int, int], *, seed: int, categories: dict[int, str], pools: Pools, now: datetime) -> Chunk:
    chunk, first_id, count = job
    return chunk_rows(seed, chunk, first_id, count, categories, pools, now)


def _audit(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return [(row[-5], 'demo data', 'customer.create', 'customer', row[0], row[1], '', '', '', '') for row in rows]


async def seed(
    settings: AppSettings, customers: int, categories: int, *, workers: int = 2, pool: int = PHONES_PER_COUNTRY
) -> float:
    """Seed and return the seconds it took. Raises RuntimeError when the database already holds customers."""
    started = time.perf_counter()
    async with open_database(settings):
        conn = Tortoise.get_connection('default')
        _, rows = await conn.execute_query('SELECT COUNT(*) AS n FROM customer')
        if rows[0]['n']:
            raise RuntimeError('the bulk seeder fills empty databases only')
        names = await _ensure_categories(categories)  # the app's own categories (names, keys, palette colours)
    url = settings.resolved_database_url()
    if url.startswith('sqlite://'):
        _load_sqlite(url.removeprefix('sqlite://'), chunks(customers, names, workers=workers, pool=pool), customers)
    else:
        await _load_postgres(url, chunks(customers, names, workers=workers, pool=pool), customers)
    return time.perf_counter() - started


def _load_sqlite(path: str, parts: Iterator[Chunk], customers: int) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute('PRAGMA synchronous = OFF')
        db.execute('PRAGMA cache_size = -262144')
        kept = db.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL "
            f'AND tbl_name IN ({", ".join("?" * len(TABLES))}) ORDER BY type, name',
            TABLES,
        ).fetchall()
        db.execute('BEGIN')
        for kind, name, _sql in kept:
            db.execute(f'DROP {kind.upper()} "{name}"')
        insert = f'INSERT INTO customer ({", ".join(COLUMNS)}) VALUES ({", ".join("?" * len(COLUMNS))})'
        audit = f'INSERT INTO audit_entry ({", ".join(AUDIT_COLUMNS)}) VALUES ({", ".join("?" * len(AUDIT_COLUMNS))})'
        for rows, links in parts:
            db.executemany(insert, [_sqlite_row(row) for row in rows])
            db.executemany('INSERT INTO customer_category (customer_id, category_id) VALUES (?, ?)', links)
            db.executemany(audit, [_sqlite_row(row) for row in _audit(rows)])
        db.execute(
            'INSERT INTO counter (name, value) VALUES (?, ?) '
            'ON CONFLICT (name) DO UPDATE SET value = counter.value + excluded.value',
            ('customer', customers),
        )
        db.execute('DELETE FROM category_count')
        db.execute(COUNT_CATEGORIES)
        for statement in _statements(_CUSTOMER_COUNT.RECOUNT):
            db.execute(statement)
        db.execute("INSERT INTO customer_search(customer_search) VALUES ('rebuild')")
        for _kind, _name, sql in kept:
            db.execute(sql)
        for statement in _statements(_REPORTS._registrations(False)):
            db.execute(statement)
        db.execute('COMMIT')
    finally:
        db.close()


def _statements(script: str) -> list[str]:
    """A script of plain statements (no trigger bodies) split on its `;`s."""
    return [part.strip() for part in script.split(';') if part.strip()]


def _sqlite_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """Values as Tortoise's SQLite backend stores them (datetimes `isoformat(' ')`, booleans 0/1)."""
    return tuple(v.isoformat(' ') if isinstance(v, datetime) else int(v) if isinstance(v, bool) else v for v in row)


async def _load_postgres(url: str, parts: Iterator[Chunk], customers: int) -> None:
    db = await asyncpg.connect(libpq_url(url))
    try:
        await db.execute("SET maintenance_work_mem = '512MB'")
        kept = await db.fetch(
            'SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY($1::text[]) '
            'AND i.indexname NOT IN (SELECT conname FROM pg_constraint)',
            list(TABLES),
        )
        async with db.transaction():
            for index in kept:
                await db.execute(f'DROP INDEX "{index["indexname"]}"')
            for table in ('customer', 'customer_category'):
                await db.execute(f'ALTER TABLE {table} DISABLE TRIGGER USER')
            for rows, links in parts:
                await db.copy_records_to_table('customer', records=rows, columns=list(COLUMNS))
                await db.copy_records_to_table(
                    'customer_category', records=links, columns=['customer_id', 'category_id']
                )
                await db.copy_records_to_table('audit_entry', records=_audit(rows), columns=list(AUDIT_COLUMNS))
            for table in ('customer', 'customer_category'):
                await db.execute(f'ALTER TABLE {table} ENABLE TRIGGER USER')
            for table in ('customer', 'audit_entry'):
                await db.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
                )
            await db.execute(
                'INSERT INTO counter (name, value) VALUES ($1, $2) '
                'ON CONFLICT (name) DO UPDATE SET value = counter.value + excluded.value',
                'customer',
                customers,
            )
            await db.execute('DELETE FROM category_count')
            await db.execute(COUNT_CATEGORIES)
            await db.execute(_CUSTOMER_COUNT_DELTAS.RECOUNT)
            for index in kept:
                await db.execute(index['indexdef'])
            await db.execute(_REPORTS._registrations(True))
        await db.execute('VACUUM ANALYZE')
    finally:
        await db.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog='python -m bench.bulk_seed', description=__doc__)
    parser.add_argument('--customers', type=int, required=True)
    parser.add_argument('--categories', type=int, default=30)
    parser.add_argument('--workers', type=int, default=2, help='processes building rows')
    parser.add_argument('--pool', type=int, default=PHONES_PER_COUNTRY, help='phone numbers per country')
    args = parser.parse_args(argv)
    seconds = asyncio.run(seed(AppSettings(), args.customers, args.categories, workers=args.workers, pool=args.pool))
    print(f'seeded {args.customers:,} customers in {args.categories} categories in {seconds:.1f} s')


if __name__ == '__main__':
    main()
