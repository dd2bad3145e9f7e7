"""The list query at scale: search term + 3 categories (any of / all of) + sort by name + a page of 50.

Each round runs the service (`list_customers`, through Tortoise) and the same query written by hand in SQL through the
raw driver (aiosqlite / asyncpg), alternating, and checks that both return the same rows and total.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse, urlunparse

import aiosqlite
import asyncpg
from tortoise import Tortoise

from models import Category
from services.core.actors import SYSTEM
from services.core.db import tortoise_config
from services.customers.list.query import list_customers
from services.customers.list.search_keys import search_term
from services.customers.list.spec import ListQuery

TERMS = ('garcia', 'kim', 'schmidt', 'berlin', 'madrid')
# Hangul initial consonants (chosung), as typed on a Korean keyboard: 김민준, 박서연, 이지우 / 윤지우 / 임지우, 김상사.
KOREAN_TERMS = ('ㄱㅁㅈ', 'ㅂㅅㅇ', 'ㅇㅈㅇ', 'ㄱㅅㅅ')
CATEGORY_NAMES = ('VIP', 'Wholesale', 'Retail')
ROUNDS = 40  # per mode, cycling through the terms
PER_PAGE = 50
Answer = tuple[int, list[int]]  # total, ids on the page

COLUMNS = 'c.id, c.number, c.name, c.email, c.phone, c.postal_code, c.city, c.country, c.created_at, c.version'
SQLITE_PAGE = f"""
SELECT {COLUMNS}, c.archived_at, COUNT(*) OVER () AS total
FROM customer_search s CROSS JOIN customer c ON c.id = s.rowid
WHERE s.customer_search MATCH ?
  AND {{categories}}
  AND c.archived_at IS NULL
ORDER BY c.name_key ASC, c.id ASC LIMIT 50 OFFSET 0
"""
SQLITE_ANY = (
    'EXISTS (SELECT 1 FROM customer_category cc WHERE cc.customer_id = s.rowid AND cc.category_id IN (?, ?, ?))'
)
SQLITE_ALL = (
    '(SELECT COUNT(*) FROM customer_category cc WHERE cc.customer_id = s.rowid AND cc.category_id IN (?, ?, ?)) = 3'
)
POSTGRES_PAGE = f"""
WITH hits AS MATERIALIZED (
    SELECT {COLUMNS}, c.archived_at, c.name_key
    FROM customer c
    WHERE c.search_text LIKE $1
      AND {{categories}}
      AND c.archived_at IS NULL
)
SELECT {COLUMNS}, c.archived_at, COUNT(*) OVER () AS total
FROM hits c
ORDER BY c.name_key ASC, c.id ASC LIMIT 50 OFFSET 0
"""
POSTGRES_ANY = (
    'EXISTS (SELECT 1 FROM customer_category cc WHERE cc.customer_id = c.id AND cc.category_id IN ($2, $3, $4))'
)
POSTGRES_ALL = (
    '(SELECT COUNT(*) FROM customer_category cc WHERE cc.customer_id = c.id AND cc.category_id IN ($2, $3, $4)) = 3'
)
OTHER_VIEWS = {
    'default view (newest first, page 1 of 25)': ListQuery(),
    'default view, page 2,000': ListQuery(page=2000),
    '3 categories, any of, by name (no search)': None,
    'search "ki" (too short for the index)': ListQuery(search='ki'),
    'search "ㄱㅁㅈ" (Hangul initials), by name': ListQuery(search='ㄱㅁㅈ', sort='name', descending=False),
    'sort by categories': ListQuery(sort='categories', descending=False),
}


@dataclass
class Result:
    label: str
    orm: list[float]
    raw: list[float]

    def line(self) -> str:
        orm, raw = summary(self.orm), summary(self.raw)
        ratio = (orm[0] / raw[0], orm[1] / raw[1])
        return (
            f'  {self.label:<28} service median {orm[0]:6.2f} ms  p95 {orm[1]:6.2f} ms | '
            f'raw SQL median {raw[0]:6.2f} ms  p95 {raw[1]:6.2f} ms | ratio median {ratio[0]:.2f}x  p95 {ratio[1]:.2f}x'
        )


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, round(len(ordered) * 0.95) - 1)]


async def run(database_url: str, label: str) -> list[Result]:
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)
    try:
        category_ids = tuple(sorted(category.id for category in await Category.filter(name__in=CATEGORY_NAMES)))
        raw = await RawDriver.open(database_url)
        try:
            results = [await _compare(mode, category_ids, raw) for mode in ('any', 'all')]
            results.append(await _compare('any', category_ids, raw, KOREAN_TERMS, 'Hangul initials, any of 3'))
        finally:
            await raw.close()
        print(f'\nList query on {label}: search term + 3 categories + sort by name + page of {PER_PAGE}')
        print(f'  (terms {", ".join(TERMS)}, then {", ".join(KOREAN_TERMS)})')
        print(f'  (categories {", ".join(CATEGORY_NAMES)}; {ROUNDS} rounds per mode)')
        for result in results:
            print(result.line())
        await _other_views(category_ids)
        return results
    finally:
        await Tortoise.close_connections()


async def _compare(
    mode: str, category_ids: tuple[int, ...], raw: RawDriver, terms: tuple[str, ...] = TERMS, label: str = ''
) -> Result:
    result = Result(label or f'{mode} of 3 categories', [], [])
    for warm_up in (True, False):
        for i in range(ROUNDS):
            term = terms[i % len(terms)]
            query = ListQuery(
                search=term, category_ids=category_ids, mode=mode, sort='name', descending=False, per_page=PER_PAGE
            )
            jobs: list[tuple[str, Callable[[], Awaitable[Answer]]]] = [
                ('service', lambda query=query: _service(query)),
                ('raw', lambda term=term: raw.page(search_term(term), category_ids, mode)),
            ]
            measured: dict[str, tuple[Answer, float]] = {}
            for name, job in jobs if i % 2 else reversed(jobs):  # alternate which one runs first
                started = time.perf_counter()
                answer = await job()
                measured[name] = (answer, (time.perf_counter() - started) * 1000)
            assert measured['service'][0] == measured['raw'][0], f'different answers for {term!r} ({mode})'
            if not warm_up:
                result.orm.append(measured['service'][1])
                result.raw.append(measured['raw'][1])
    return result


async def _service(query: ListQuery) -> Answer:
    page = await list_customers(query, by=SYSTEM)
    return page.total, [row.id for row in page.rows]


async def _other_views(category_ids: tuple[int, ...]) -> None:
    print('  other views through the service, for context (median / p95 of 20):')
    for label, query in OTHER_VIEWS.items():
        query = query or ListQuery(category_ids=category_ids, sort='name', descending=False)
        samples = []
        for _ in range(22):
            started = time.perf_counter()
            await list_customers(query, by=SYSTEM)
            samples.append((time.perf_counter() - started) * 1000)
        median, p95 = summary(samples[2:])
        print(f'    {label:<44} {median:7.2f} ms / {p95:7.2f} ms')


class RawDriver:
    """The same query, hand-written, on a connection of its own."""

    def __init__(
        self,
        fetch: Callable[[str, list[Any]], Awaitable[list[Any]]],
        close: Callable[[], Awaitable[None]],
        postgres: bool,
    ) -> None:
        self.fetch = fetch
        self.close = close
        self.postgres = postgres

    @staticmethod
    async def open(database_url: str) -> RawDriver:
        if database_url.startswith('sqlite://'):
            db = await aiosqlite.connect(database_url.removeprefix('sqlite://'))

            async def fetch_sqlite(sql: str, params: list[Any]) -> list[Any]:
                async with db.execute(sql, params) as cursor:
                    return list(await cursor.fetchall())

            return RawDriver(fetch_sqlite, db.close, postgres=False)
        pg = await asyncpg.connect(urlunparse(urlparse(database_url)._replace(scheme='postgresql')))

        async def fetch_postgres(sql: str, params: list[Any]) -> list[Any]:
            return list(await pg.fetch(sql, *params))

        return RawDriver(fetch_postgres, pg.close, postgres=True)

    async def page(self, term: str, category_ids: tuple[int, ...], mode: str) -> Answer:
        if self.postgres:
            sql = POSTGRES_PAGE.format(categories=POSTGRES_ANY if mode == 'any' else POSTGRES_ALL)
            rows = await self.fetch(sql, [f'%{term}%', *category_ids])
        else:
            sql = SQLITE_PAGE.format(categories=SQLITE_ANY if mode == 'any' else SQLITE_ALL)
            rows = await self.fetch(sql, [f'"{term}"', *category_ids])
        ids = [row[0] for row in rows]
        if ids:  # the categories of the rows on the page, as the table shows them
            marks = ', '.join(f'${i + 1}' if self.postgres else '?' for i in range(len(ids)))
            await self.fetch(
                f'SELECT customer_id, category_id FROM customer_category WHERE customer_id IN ({marks})', ids
            )
        return (rows[0][-1] if rows else 0), ids
