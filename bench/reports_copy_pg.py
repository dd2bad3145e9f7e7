"""The reports benchmarks' PostgreSQL database from their seeded SQLite one, in a minute or two instead of seeding.

`main.py seed-demo` on PostgreSQL spreads 100,000 registrations in one transaction through the report triggers; each
update moves a registration in `report_day`, whose few rows per day then carry long version chains, and the seed took
over 30 minutes on a busy machine without reaching the invoices. This copies the tables the Reports page reads
(customers, categories and links, invoices, payments, company, and the kept report tables as they are: SQLite's
triggers kept them) into a freshly migrated database with triggers off, sets the id sequences, and runs
VACUUM ANALYZE. `bench.reports` then finds the database ready. Both engines then give the same report totals.

`.venv/bin/python -m bench.reports_copy_pg postgres://postgres@127.0.0.1:5432/test` (after `bench.reports` has seeded
SQLite); replaces the database `clientbook_bench_reports_100000_30` on that server.
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlparse, urlunparse

import asyncpg

from bench.reports import CATEGORIES, CUSTOMERS, sqlite_dataset
from services.core.db import apply_migrations, tortoise_config

TABLES = (
    'company', 'category', 'category_count', 'counter', 'customer', 'customer_category', 'invoice', 'payment',
    'report_customer_last', 'report_day', 'report_invoice', 'report_payment', 'report_uncategorised',
)  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    arguments = sys.argv[1:] if argv is None else argv
    if not arguments:
        sys.exit('usage: python -m bench.reports_copy_pg postgres://user@host:port/any-database')
    asyncio.run(copy(arguments[0]))


async def copy(server_url: str) -> None:
    name = f'clientbook_bench_reports_{CUSTOMERS}_{CATEGORIES}'
    url = urlunparse(urlparse(server_url)._replace(path=f'/{name}'))
    source = await sqlite_dataset()
    admin = await asyncpg.connect(_pg(server_url))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE {name}')
    finally:
        await admin.close()
    await apply_migrations(tortoise_config(url))
    lite = sqlite3.connect(source / 'clientbook.sqlite3')
    conn = await asyncpg.connect(_pg(url))
    try:
        await conn.execute('SET session_replication_role = replica')  # no triggers: the kept tables come as they are
        for table in TABLES:
            started = time.perf_counter()
            count = await _copy_table(lite, conn, table)
            print(f'  {table}: {count:,} rows in {time.perf_counter() - started:.1f} s', flush=True)
        await conn.execute('SET session_replication_role = DEFAULT')
        await conn.execute('VACUUM ANALYZE')
    finally:
        await conn.close()
        lite.close()


async def _copy_table(lite: sqlite3.Connection, conn: asyncpg.Connection, table: str) -> int:
    types = {
        str(row['column_name']): str(row['data_type'])
        for row in await conn.fetch(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'public'"
            ' AND table_name = $1',
            table,
        )
    }
    columns = [str(row[1]) for row in lite.execute(f'PRAGMA table_info("{table}")') if row[1] in types]
    converters = [_converter(types[column]) for column in columns]
    names = ', '.join(f'"{column}"' for column in columns)
    rows = [
        tuple(convert(value) for convert, value in zip(converters, row, strict=True))
        for row in lite.execute(f'SELECT {names} FROM "{table}"')
    ]
    await conn.execute(f'DELETE FROM {table}')  # rows the migrations made (the company, counters)
    await conn.copy_records_to_table(table, records=rows, columns=columns)
    if 'id' in types:
        await conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
    return len(rows)


def _converter(kind: str) -> Callable[[Any], Any]:
    """SQLite's stored value -> what asyncpg's binary COPY takes for a PostgreSQL column type."""
    plain: dict[str, Callable[[Any], Any]] = {
        'date': lambda value: date.fromisoformat(str(value)[:10]),
        'timestamp with time zone': lambda value: datetime.fromisoformat(str(value)),
        'numeric': lambda value: Decimal(str(value)),
        'boolean': bool,
        'integer': int,
        'bigint': int,
        'bytea': bytes,
    }
    convert = plain.get(kind, str)
    return lambda value: None if value is None else convert(value)


def _pg(url: str) -> str:
    return urlunparse(urlparse(url)._replace(scheme='postgresql'))


if __name__ == '__main__':
    main()
