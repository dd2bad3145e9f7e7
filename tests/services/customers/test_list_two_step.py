"""The searched list read in two steps (SQLite: count from the indexes, then walk the sort index or read the hits)
gives the same rows, order, totals and pages as a plain query, on SQLite and PostgreSQL (issue 16).

The plain query is `search_text LIKE '%term%'` over the customer table with the same conditions, sorted whole and
sliced in Python; the service's path is forced both ways (always walk, never walk) so both are compared.
"""

import random
from datetime import UTC, datetime
from typing import Any

import pytest
from tortoise import Tortoise

from models import Category, Customer
from services.core.actors import SYSTEM
from services.customers.list import sql
from services.customers.list.query import list_customers
from services.customers.list.search_keys import search_term
from services.customers.list.spec import SORT_COLUMNS, ListQuery, MatchMode
from services.customers.registration import create_customer
from tests.factories import korean_draft

SURNAMES = ['Smith', 'Smithers', 'Garcia', 'Kim', 'Goldsmith', 'Lee']
CITIES = ['Berlin', 'Aachen', 'Zürich', 'Madrid', 'Smithfield']
CATEGORIES = ['VIP', 'Wholesale', 'Retail']


@pytest.fixture
async def seeded(db: str) -> dict[str, int]:
    """60 customers, many named like 'smith', with categories; some archived, two merged (tombstones)."""
    rng = random.Random(16)
    for i in range(60):
        draft = korean_draft(
            name=f'{rng.choice(SURNAMES)} {rng.choice(["Bakery", "Garage", "Studio"])} {i}',
            email=f'c{i}@{rng.choice(["smith", "mail"])}.example',
            phone=f'010-2000-{1000 + i}',
            city=rng.choice(CITIES),
            postal_code=f'{rng.randint(10, 18)}{rng.randint(0, 999):03d}',  # Gyeonggi: a real Korean code
            categories=rng.sample(CATEGORIES, rng.randint(0, 2)),
        )
        await create_customer(by=SYSTEM, draft=draft)
    ids = sorted(await Customer.all().values_list('id', flat=True))  # type: ignore[call-overload]
    now = datetime.now(UTC)
    await Customer.filter(id__in=ids[5:60:6]).update(archived_at=now)
    await Customer.filter(id__in=ids[7:9]).update(archived_at=now, merged_into_id=ids[0])
    return {c.name: c.id for c in await Category.all()}


async def plain(query: ListQuery) -> tuple[int, int, list[int]]:
    """(page, total, ids) from one plain statement: every match sorted, then the page cut out of it."""
    conn = Tortoise.get_connection('default')
    postgres = conn.capabilities.dialect == 'postgres'
    params: list[Any] = []

    def mark(value: Any) -> str:
        params.append(value)
        return f'${len(params)}' if postgres else '?'

    conditions = [f'c.search_text LIKE {mark("%" + search_term(query.search) + "%")}']
    conditions.append('c.archived_at IS NULL' if not query.archived else 'c.merged_into_id IS NULL')
    if query.category_ids:
        marks = ', '.join(mark(i) for i in query.category_ids)
        links = f'SELECT COUNT(*) FROM customer_category l WHERE l.customer_id = c.id AND l.category_id IN ({marks})'
        conditions.append(f'({links}) {">= 1" if query.mode == MatchMode.ANY else f"= {len(query.category_ids)}"}')
    direction = 'DESC' if query.descending else 'ASC'
    order = f'{SORT_COLUMNS[query.sort]} {direction}, c.id {direction}'
    _, rows = await conn.execute_query(
        f'SELECT c.id FROM customer c WHERE {" AND ".join(conditions)} ORDER BY {order}', params
    )
    ids = [int(row['id']) for row in rows]
    page = min(query.page, max(1, -(-len(ids) // query.per_page)))
    return page, len(ids), ids[(page - 1) * query.per_page : page * query.per_page]


def queries(categories: dict[str, int]) -> list[ListQuery]:
    vip, wholesale = categories['VIP'], categories['Wholesale']
    found = []
    for term in ('smith', 'SMITHers', 'gar', 'example', 'zzz'):
        for sort in ('number', 'name', 'city', 'postal_code', 'categories', 'created'):
            for descending in (True, False):
                found.append(ListQuery(search=term, sort=sort, descending=descending, per_page=10))
        found += [
            ListQuery(search=term, per_page=10, page=2),
            ListQuery(search=term, per_page=10, page=3, sort='name', descending=False),
            ListQuery(search=term, per_page=10, page=99),
            ListQuery(search=term, per_page=10, archived=True),
            ListQuery(search=term, per_page=10, archived=True, page=2, sort='city', descending=False),
            ListQuery(search=term, per_page=10, category_ids=(vip,)),
            ListQuery(search=term, per_page=10, category_ids=(vip, wholesale), sort='name', page=2),
            ListQuery(search=term, per_page=10, category_ids=(vip, wholesale), mode=MatchMode.ALL),
            ListQuery(search=term, per_page=10, category_ids=(vip,), archived=True, sort='categories'),
        ]
    return found


@pytest.mark.parametrize('walk_factor', [0, 10**9], ids=['reads the hits', 'walks the sort index'])
async def test_the_searched_page_is_the_plain_querys_page(
    seeded: dict[str, int], monkeypatch: pytest.MonkeyPatch, walk_factor: int
) -> None:
    monkeypatch.setattr(sql, 'WALK_FACTOR', walk_factor)
    compared = 0
    for query in queries(seeded):
        page = await list_customers(query, by=SYSTEM)
        expected = await plain(query)
        assert (page.page, page.total, [row.id for row in page.rows]) == expected, query
        compared += bool(expected[2])
    assert compared > 75  # most queries list rows: the comparison is not between empty pages


async def test_the_counts_leave_out_archived_and_merged_customers(seeded: dict[str, int]) -> None:
    everyone = await Customer.filter(search_text__contains='smith').count()
    active = await Customer.filter(search_text__contains='smith', archived_at__isnull=True).count()
    unmerged = await Customer.filter(search_text__contains='smith', merged_into_id__isnull=True).count()
    assert everyone > unmerged > active > 10
    assert (await list_customers(ListQuery(search='smith'), by=SYSTEM)).total == active
    assert (await list_customers(ListQuery(search='smith', archived=True), by=SYSTEM)).total == unmerged


def test_a_common_term_walks_the_sort_index_and_a_rare_one_or_a_deep_page_reads_the_hits() -> None:
    assert sql.walks_sort_index(ListQuery(search='smith'), total=35_000, max_id=1_000_000)
    assert not sql.walks_sort_index(ListQuery(search='4567'), total=300, max_id=1_000_000)
    assert not sql.walks_sort_index(ListQuery(search='smith', page=500), total=35_000, max_id=1_000_000)
    assert not sql.walks_sort_index(ListQuery(search='smith', archived=True), total=35_000, max_id=1_000_000)
