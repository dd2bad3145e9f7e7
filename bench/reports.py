"""Income by category at scale: 100,000 customers in 30 categories, ~300,000 invoices, ~250,000 payments
(`main.py seed-demo`: invoices and payments over 24 months), the report for the last 12 months, all categories.

Each round runs the service (`income_report`, through Tortoise: table, days to pay, series, previous period,
de-duplicated total, new customers, other currencies) and the same report written by hand in SQL through the raw driver
(aiosqlite / asyncpg), alternating; prints p50/p95 of both and their ratio, and checks both totals agree.

`python -m bench reports` (SQLite; PostgreSQL too when CLIENTBOOK_BENCH_POSTGRES_URL names a server, e.g.
postgres://postgres@127.0.0.1:5432/postgres). Target: p95 <= 150 ms and within 2x of the hand-written SQL.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

import aiosqlite
import asyncpg
from tortoise import Tortoise

from bench.dataset import DATA, seed, seed_environment
from services.core.actors import SYSTEM
from services.core.clock import system_clock, zone
from services.core.db import apply_migrations, tortoise_config
from services.customers.list.spec import MatchMode
from services.invoicing.company_profile import get_company_profile
from services.reports.income import Basis, ReportQuery, income_report, income_series
from services.reports.income_sql import BASIS_SUMS, IncomeSql
from services.reports.period import Period, Preset, resolve
from services.reports.registrations import new_customers
from services.reports.registrations_kept import kept_new_customers

CUSTOMERS, CATEGORIES = 100_000, 30
ROUNDS = int(os.environ.get('CLIENTBOOK_BENCH_ROUNDS', '20'))

HAND = {
    'table': """
SELECT cc.category_id, COUNT(*) AS n, COUNT(DISTINCT i.customer_id) AS customers, SUM(i.total) AS invoiced,
       SUM(i.paid_total) AS paid,
       SUM(CASE WHEN i.total > i.paid_total THEN i.total - i.paid_total ELSE 0 END) AS open,
       SUM(CASE WHEN i.total > i.paid_total AND i.due_date < {today} THEN i.total - i.paid_total ELSE 0 END) AS late
FROM invoice i LEFT JOIN customer_category cc ON cc.customer_id = i.customer_id
WHERE i.voided_at IS NULL AND i.currency = 'EUR' AND i.issue_date BETWEEN {start} AND {end}
GROUP BY cc.category_id""",
    'total': """
SELECT COUNT(*) AS n, COUNT(DISTINCT i.customer_id) AS customers, SUM(i.total) AS invoiced,
       SUM(i.paid_total) AS paid,
       SUM(CASE WHEN i.total > i.paid_total THEN i.total - i.paid_total ELSE 0 END) AS open,
       SUM(CASE WHEN i.total > i.paid_total AND i.due_date < {today} THEN i.total - i.paid_total ELSE 0 END) AS late
FROM invoice i WHERE i.voided_at IS NULL AND i.currency = 'EUR' AND i.issue_date BETWEEN {start} AND {end}""",
    'days': """
SELECT cc.category_id, COUNT(*), SUM(d.days) FROM (
  SELECT i.customer_id, {days} AS days FROM invoice i JOIN payment p ON p.invoice_id = i.id
  WHERE i.voided_at IS NULL AND i.currency = 'EUR' AND i.issue_date BETWEEN {start} AND {end}
    AND i.paid_total >= i.total GROUP BY i.id, i.customer_id, i.issue_date) d
LEFT JOIN customer_category cc ON cc.customer_id = d.customer_id GROUP BY cc.category_id""",
    'series': """
SELECT cc.category_id, {month} AS m, SUM(i.total) FROM invoice i
LEFT JOIN customer_category cc ON cc.customer_id = i.customer_id
WHERE i.voided_at IS NULL AND i.currency = 'EUR' AND i.issue_date BETWEEN {start} AND {end}
GROUP BY cc.category_id, m""",
    'total_series': """
SELECT {month} AS m, SUM(i.total) FROM invoice i
WHERE i.voided_at IS NULL AND i.currency = 'EUR' AND i.issue_date BETWEEN {start} AND {end} GROUP BY m""",
    'previous': """
SELECT cc.category_id, SUM(i.total) FROM invoice i LEFT JOIN customer_category cc ON cc.customer_id = i.customer_id
WHERE i.voided_at IS NULL AND i.currency = 'EUR' AND i.issue_date BETWEEN {previous_start} AND {previous_end}
GROUP BY cc.category_id""",
    'new_customers': """
SELECT cc.category_id, {created_month} AS m, COUNT(*) FROM customer c
LEFT JOIN customer_category cc ON cc.customer_id = c.id
WHERE c.created_at >= {start} AND c.created_at < {after} GROUP BY cc.category_id, m""",
}


def main(argv: list[str] | None = None) -> None:
    del argv
    asyncio.run(run())


async def run() -> None:
    data_dir = await sqlite_dataset()
    await measure('SQLite', tortoise_config(f'sqlite://{data_dir / "clientbook.sqlite3"}'), data_dir)
    server = os.environ.get('CLIENTBOOK_BENCH_POSTGRES_URL') or os.environ.get('CLIENTBOOK_TEST_POSTGRES_URL')
    if server:
        await measure('PostgreSQL', tortoise_config(await postgres_dataset(server)), None)
    else:
        print('PostgreSQL: skipped (set CLIENTBOOK_BENCH_POSTGRES_URL)')


async def sqlite_dataset() -> Path:
    data_dir = DATA / f'reports-sqlite-{CUSTOMERS}-{CATEGORIES}'
    if not (data_dir / 'ready').exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        (data_dir / 'clientbook.sqlite3').unlink(missing_ok=True)
        seed(CUSTOMERS, CATEGORIES, seed_environment(data_dir=str(data_dir)), invoices=True)
        (data_dir / 'ready').touch()
    else:
        await apply_migrations(tortoise_config(f'sqlite://{data_dir / "clientbook.sqlite3"}'))
    return data_dir


async def postgres_dataset(server_url: str) -> str:
    name = f'clientbook_bench_reports_{CUSTOMERS}_{CATEGORIES}'
    url = urlunparse(urlparse(server_url)._replace(path=f'/{name}'))
    admin = await asyncpg.connect(_pg(server_url))
    try:
        if await admin.fetchval('SELECT 1 FROM pg_database WHERE datname = $1', name):
            conn = await asyncpg.connect(_pg(url))
            try:
                ready = await conn.fetchval('SELECT COUNT(*) FROM invoice') > 0
            finally:
                await conn.close()
            if ready:
                await apply_migrations(tortoise_config(url))
                return url
            await admin.execute(f'DROP DATABASE {name} WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE {name}')
    finally:
        await admin.close()
    seed(CUSTOMERS, CATEGORIES, seed_environment(database_url=url, data_dir=str(DATA / 'postgres')), invoices=True)
    conn = await asyncpg.connect(_pg(url))
    try:
        await conn.execute('VACUUM ANALYZE')
    finally:
        await conn.close()
    return url


def _pg(url: str) -> str:
    return urlunparse(urlparse(url)._replace(scheme='postgresql'))


async def measure(backend: str, config: dict[str, Any], data_dir: Path | None) -> None:
    await Tortoise.init(config=config)
    try:
        conn = Tortoise.get_connection('default')
        _, counts = await conn.execute_query(
            'SELECT (SELECT COUNT(*) FROM customer) AS c, (SELECT COUNT(*) FROM category) AS k,'
            ' (SELECT COUNT(*) FROM invoice) AS i, (SELECT COUNT(*) FROM payment) AS p'
        )
        c, k, i, p = (int(counts[0][key]) for key in ('c', 'k', 'i', 'p'))
        print(f'{backend}: {c:,} customers, {k} categories, {i:,} invoices, {p:,} payments')
        period = resolve(Preset.LAST_12_MONTHS, system_clock().date())
        query = ReportQuery(period=period, basis=Basis.GROSS)
        hand = await _hand_runner(config, data_dir, period.start, period.end)
        service_times, hand_times = [], []
        for round_number in range(ROUNDS + 2):
            report, service_ms = await _timed(lambda: income_report(query, by=SYSTEM))
            hand_total, hand_ms = await _timed(hand)
            if round_number >= 2:  # two warm-up rounds
                service_times.append(service_ms)
                hand_times.append(hand_ms)
        assert abs(float(report.total.invoiced) - hand_total) < 0.01, (report.total.invoiced, hand_total)
        p95 = _p95(service_times)
        hand_p95 = _p95(hand_times)
        print(
            f'  income_report, last 12 months, all categories: p50 {statistics.median(service_times):.0f} ms, '
            f'p95 {p95:.0f} ms (target <= 150)'
        )
        print(
            f'  hand-written SQL, raw driver:                 p50 {statistics.median(hand_times):.0f} ms, '
            f'p95 {hand_p95:.0f} ms; service / hand p95 = {p95 / hand_p95:.2f} (target <= 2)'
        )
        print(f'  total invoiced {report.total.invoiced:,} {report.currency} in {report.total.invoices:,} invoices')
        paid = ReportQuery(period=period, basis=Basis.PAID)
        paid_times = [(await _timed(lambda: income_report(paid, by=SYSTEM)))[1] for _ in range(ROUNDS)]
        print(f'  income_report, paid basis: p50 {statistics.median(paid_times):.0f} ms, p95 {_p95(paid_times):.0f} ms')
        chart_times = [(await _timed(lambda: income_series(query, by=SYSTEM)))[1] for _ in range(ROUNDS)]
        print(
            f'  income_series (the chart, before the first HTML): p50 {statistics.median(chart_times):.0f} ms, '
            f'p95 {_p95(chart_times):.0f} ms'
        )
        for mode in (MatchMode.ANY, MatchMode.ALL):
            chosen = ReportQuery(period=period, basis=Basis.GROSS, category_ids=(1, 2, 3), mode=mode)
            rounds = range(max(5, ROUNDS // 2))
            times = [(await _timed(lambda q=chosen: income_report(q, by=SYSTEM)))[1] for _ in rounds]
            firsts = [(await _timed(lambda q=chosen: income_series(q, by=SYSTEM)))[1] for _ in rounds]
            print(
                f'  3 categories, {mode.value} of: income_report p50 {statistics.median(times):.0f} ms, '
                f'p95 {_p95(times):.0f} ms; income_series p50 {statistics.median(firsts):.0f} ms'
            )
        await _statements(query, period)
    finally:
        await Tortoise.close_connections()


async def _statements(query: ReportQuery, period: Period) -> None:
    """Each statement of the report alone (median of the rounds), to see where the time goes."""
    conn = Tortoise.get_connection('default')
    company = await get_company_profile()
    currency, company_zone = company.currency, zone(company.time_zone)
    today = system_clock().date()
    filtered = ReportQuery(period=period, category_ids=(1, 2, 3))
    paid = replace(query, basis=Basis.PAID)

    def sql(on: ReportQuery = query) -> IncomeSql:
        return IncomeSql(conn, on, currency, today)

    plans: dict[str, Callable[[], Awaitable[Any]]] = {
        'sums by month': lambda: sql().sums(period, by_month=True),
        'sums, previous period': lambda: sql().sums(period.previous(), by_month=False),
        'customers (invoiced): later invoice?': lambda: sql().customers(period, {}),
        'customers (paid): later payment?': lambda: sql(paid).customers(period, {}),
        'customers counted (period before the last)': lambda: sql().customers(period.previous(), {}),
        'customers counted, paid (period before)': lambda: sql(paid).customers(period.previous(), {}),
        'not yet due': lambda: sql().not_yet_due(period),
        'new customers (kept sums, both)': lambda: kept_new_customers(conn, query, company_zone),
        'new customers from customers (filtered path)': lambda: new_customers(conn, query, company_zone),
        'other currencies': lambda: sql().other_currencies(period),
        'sums by month, 3 categories (any of), rows': lambda: sql(filtered).sums(
            period, by_month=True, part='categories', wanted=BASIS_SUMS[Basis.GROSS]
        ),
        'sums by month, 3 categories (any of), total': lambda: sql(filtered).sums(
            period, by_month=True, part='total', wanted=BASIS_SUMS[Basis.GROSS]
        ),
        'customers, 3 categories (any of), counted': lambda: sql(filtered).customers(period.previous(), {}),
    }
    for name, action in plans.items():
        times = [(await _timed(action))[1] for _ in range(max(3, ROUNDS // 4))]
        print(f'    {name:<40} median {statistics.median(times):7.1f} ms')


async def _hand_runner(
    config: dict[str, Any], data_dir: Path | None, start: date, end: date
) -> Callable[[], Awaitable[float]]:
    """Runs the hand-written statements; returns the de-duplicated invoiced total."""
    today = system_clock().date()
    previous = Period(start, end).previous()
    if data_dir is not None:
        db = await aiosqlite.connect(data_dir / 'clientbook.sqlite3')
        values = {
            'start': f"'{start}'",
            'end': f"'{end}'",
            'today': f"'{today}'",
            'previous_start': f"'{previous.start}'",
            'previous_end': f"'{previous.end}'",
            'after': f"'{end.fromordinal(end.toordinal() + 1)}'",
            'month': 'substr(i.issue_date, 1, 7)',
            'created_month': 'substr(c.created_at, 1, 7)',
            'days': 'CAST(julianday(MAX(p.paid_on)) - julianday(i.issue_date) AS INTEGER)',
        }
        statements = {name: sql.format(**values) for name, sql in HAND.items()}
        statements = {name: sql.replace('i.total', '(i.total + 0)') for name, sql in statements.items()}
        statements = {name: sql.replace('i.paid_total', '(i.paid_total + 0)') for name, sql in statements.items()}

        async def sqlite_run() -> float:
            total = 0.0
            for name, sql in statements.items():
                async with db.execute(sql) as cursor:
                    rows = list(await cursor.fetchall())
                if name == 'total':
                    total = float(rows[0][2] or 0)
            return total

        return sqlite_run
    pool = await asyncpg.create_pool(_pg(config['connections']['default']), min_size=1, max_size=1)
    values = {
        'start': f"DATE '{start}'",
        'end': f"DATE '{end}'",
        'today': f"DATE '{today}'",
        'previous_start': f"DATE '{previous.start}'",
        'previous_end': f"DATE '{previous.end}'",
        'after': f"TIMESTAMPTZ '{end.fromordinal(end.toordinal() + 1)} 00:00+00'",
        'month': "to_char(i.issue_date, 'YYYY-MM')",
        'created_month': "to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM')",
        'days': '(MAX(p.paid_on) - i.issue_date)',
    }
    pg_statements = {name: sql.format(**values) for name, sql in HAND.items()}

    async def postgres_run() -> float:
        total = 0.0
        async with pool.acquire() as connection:
            for name, sql in pg_statements.items():
                rows = await connection.fetch(sql)
                if name == 'total':
                    total = float(rows[0][2] or Decimal(0))
        return total

    return postgres_run


async def _timed(action: Callable[[], Awaitable[Any]]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = await action()
    return result, (time.perf_counter() - started) * 1000


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(len(values) * 0.95) - 1)]
