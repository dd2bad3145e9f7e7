"""The customer list: search, category filter, sort, paging and the archived switch, on SQLite and PostgreSQL."""

import importlib
from datetime import UTC, datetime

import pytest
from tortoise import Tortoise

from models import Category, Customer
from services.core.actors import SYSTEM
from services.core.events import CustomerChanged
from services.customers.categories import list_categories
from services.customers.list.query import change_effect, list_customers
from services.customers.list.search_index import index_missing_customers
from services.customers.list.spec import Effect, ListQuery, MatchMode
from services.customers.registration import create_customer
from tests.factories import korean_draft, spanish_draft


async def names(**query: object) -> list[str]:
    page = await list_customers(ListQuery(**query), by=SYSTEM)
    return [row.name for row in page.rows]


@pytest.fixture
async def two_customers(db: str) -> None:
    await create_customer(by=SYSTEM, draft=spanish_draft(categories=['Wholesale', 'VIP']))
    await create_customer(by=SYSTEM, draft=korean_draft(tax_id='116-82-00276', categories=['VIP']))


@pytest.mark.parametrize(
    'term',
    ['jose', 'JOSÉ GARCÍA', 'pena', 'Peña S.L', 'MADRID', '28013', 'jose@pena', 'C-00001', 'c00001', 'b64717838'],
)
async def test_search_ignores_case_accents_and_punctuation(two_customers: None, term: str) -> None:
    assert await names(search=term) == ['Talleres Peña S.L.']


@pytest.mark.parametrize('term', ['010-1234-5678', '010 1234 5678', '+82 10-1234-5678', '10-1234-5678', '(10) 1234'])
async def test_search_finds_a_phone_number_in_any_format(two_customers: None, term: str) -> None:
    assert await names(search=term) == ['김민준']


@pytest.mark.parametrize('term', ['116-82-00276', 'KR 116 82 00276', 'kr1168200276', 'ES B64717838', 'B-6471 7838'])
async def test_search_finds_a_tax_id_with_or_without_country_prefix(two_customers: None, term: str) -> None:
    assert len(await names(search=term)) == 1


async def test_search_in_hangul_and_with_short_terms(two_customers: None) -> None:
    assert await names(search='민준') == ['김민준']
    assert await names(search='서울') == ['김민준']
    assert await names(search='pe') == ['Talleres Peña S.L.']  # too short for the trigram index: a scan


@pytest.mark.parametrize('term', ['ㄱㅁㅈ', 'ㅁㅈ', 'ㄱㅁ', 'ᄀᄆᄌ'])  # typed as compatibility or conjoining jamo
async def test_hangul_initial_consonants_find_the_name(two_customers: None, term: str) -> None:
    assert await names(search=term) == ['김민준']


async def test_initial_consonants_of_several_korean_names(db: str) -> None:
    for i, name in enumerate(('한가람', '김민준', '박서연', '(주)김상사')):
        draft = korean_draft(name=name, email=f'c{i}@example.kr', phone=f'010-2000-100{i}')
        await create_customer(by=SYSTEM, draft=draft)
    assert await names(search='ㅎㄱㄹ') == ['한가람']
    assert await names(search='ㅂㅅㅇ') == ['박서연']
    assert await names(search='ㄱㅅㅅ') == ['(주)김상사']
    assert sorted(await names(search='ㄱ')) == ['(주)김상사', '김민준', '한가람']
    assert await names(search='ㄱㅁㅈㄱ') == []  # the initials of one name never run into the next field
    assert await names(search='ㄴㄷㄹ') == []


async def test_the_migration_rebuilds_the_search_text_of_korean_names_only(db: str) -> None:
    korean = await create_customer(by=SYSTEM, draft=korean_draft())
    spanish = await create_customer(by=SYSTEM, draft=spanish_draft())
    await Customer.filter(id=korean.id).update(search_text='c00001|김민준')  # as stored before initial consonants
    assert await names(search='ㄱㅁㅈ') == []
    korean_search = importlib.import_module('models.migrations.0011_korean_search')
    client = Tortoise.get_connection('default')
    postgres = client.capabilities.dialect == 'postgres'
    await client.execute_script(korean_search.POSTGRES_MARK if postgres else korean_search.SQLITE_MARK)
    assert (await Customer.get(id=spanish.id)).search_text != ''
    assert await index_missing_customers() == 1
    assert await names(search='ㄱㅁㅈ') == ['김민준']


async def test_search_finds_nothing_for_unknown_terms(two_customers: None) -> None:
    assert await names(search='zzzz') == []
    assert (await list_customers(ListQuery(search='zzzz', page=3), by=SYSTEM)).total == 0


async def test_any_of_matches_one_category_all_of_needs_every_one(db: str) -> None:
    await create_customer(by=SYSTEM, draft=spanish_draft(categories=['Wholesale', 'VIP']))
    await create_customer(by=SYSTEM, draft=korean_draft(categories=['VIP']))
    await create_customer(by=SYSTEM, draft=korean_draft(name='Kim Ji-woo', email='jw@example.kr'))
    ids = {c.name: c.id for c in await Category.all()}
    both = (ids['VIP'], ids['Wholesale'])
    assert sorted(await names(category_ids=both)) == ['Talleres Peña S.L.', '김민준']
    assert await names(category_ids=both, mode=MatchMode.ALL) == ['Talleres Peña S.L.']
    assert await names(category_ids=[ids['Wholesale']], mode=MatchMode.ALL) == ['Talleres Peña S.L.']
    assert await names(category_ids=both, mode=MatchMode.ALL, search='kim') == []
    assert await names(category_ids=both, search='kim') == ['김민준']
    assert await names(category_ids=both, search='ki') == ['김민준']


async def test_sort_by_any_column_and_page(db: str) -> None:
    for i, (name, city) in enumerate([('Bravo', 'Zürich'), ('alpha', 'Berlin'), ('Charlie', 'Aachen')]):
        await create_customer(by=SYSTEM, draft=korean_draft(name=name, city=city, email=f'{i}@example.kr'))
    assert await names(sort='name', descending=False) == ['alpha', 'Bravo', 'Charlie']
    assert await names(sort='city', descending=True) == ['Bravo', 'alpha', 'Charlie']
    assert await names(sort='number', descending=True) == ['Charlie', 'alpha', 'Bravo']
    assert await names(sort='created', descending=False) == ['Bravo', 'alpha', 'Charlie']
    page = await list_customers(ListQuery(sort='name', descending=False, page=2, per_page=25), by=SYSTEM)
    assert (page.page, page.total, [row.name for row in page.rows]) == (1, 3, ['alpha', 'Bravo', 'Charlie'])


async def test_sort_by_categories_groups_customers_by_their_first_category(db: str) -> None:
    await create_customer(by=SYSTEM, draft=korean_draft(name='Wholesale only', categories=['Wholesale']))
    await create_customer(by=SYSTEM, draft=korean_draft(name='None', email='n@example.kr'))
    draft = korean_draft(name='Retail and VIP', email='r@example.kr', categories=['VIP', 'retail'])
    await create_customer(by=SYSTEM, draft=draft)
    assert await names(sort='categories', descending=False) == ['None', 'Retail and VIP', 'Wholesale only']


async def test_query_falls_back_to_defaults_for_anything_out_of_range() -> None:
    query = ListQuery(sort='name; DROP TABLE customer', page=-4, per_page=1000, mode='most', category_ids=['3', 'x', 3])
    assert (query.sort, query.page, query.per_page, query.mode, query.category_ids) == ('number', 1, 25, 'any', (3,))
    assert ListQuery(search='  a   b ' + 'x' * 500).search.startswith('a b x')
    assert len(ListQuery(search='x' * 500).search) == 100


async def test_archived_customers_show_only_when_asked(db: str) -> None:
    kept = await create_customer(by=SYSTEM, draft=spanish_draft(categories=['VIP']))
    gone = await create_customer(by=SYSTEM, draft=korean_draft(categories=['VIP']))
    await Customer.filter(id=gone.id).update(archived_at=datetime.now(UTC))
    vip = (await Category.get(name='VIP')).id
    assert await names() == [kept.name]
    assert await names(category_ids=[vip]) == [kept.name]
    assert sorted(await names(archived=True)) == sorted([kept.name, gone.name])
    shown = await list_customers(ListQuery(archived=True, search='kim'), by=SYSTEM)
    assert [(row.name, row.archived) for row in shown.rows] == [(gone.name, True)]
    assert [(c.name, c.customers) for c in await list_categories()] == [('VIP', 1)]
    assert [(c.name, c.customers) for c in await list_categories(include_archived=True)] == [('VIP', 2)]


async def test_rows_carry_what_the_table_shows(db: str) -> None:
    await create_customer(by=SYSTEM, draft=korean_draft(categories=['VIP']))
    row = (await list_customers(ListQuery(), by=SYSTEM)).rows[0]
    vip = await Category.get(name='VIP')
    assert (row.number, row.phone, row.country, row.category_ids, row.version) == (
        'C-00001',
        '+82 10-1234-5678',
        'KR',
        [vip.id],
        1,
    )


def test_a_change_reloads_the_page_only_when_it_can_move_rows() -> None:
    by_number = ListQuery()
    searching = ListQuery(search='kim', sort='name')
    filtered = ListQuery(category_ids=(1,))

    def change(action: str = 'updated', *fields: str, customer_id: int = 7) -> CustomerChanged:
        return CustomerChanged(customer_id, 'C-00007', action, fields)

    assert change_effect(by_number, change('updated', 'city'), visible_ids={7}) == Effect.ROW
    assert change_effect(by_number, change('updated', 'city'), visible_ids={8}) == Effect.NONE
    assert change_effect(by_number, change('created'), visible_ids={8}) == Effect.PAGE
    assert change_effect(by_number, change('archived'), visible_ids={8}) == Effect.PAGE
    assert change_effect(searching, change('updated', 'city'), visible_ids={8}) == Effect.PAGE
    assert change_effect(ListQuery(sort='city'), change('updated', 'city'), visible_ids={8}) == Effect.PAGE
    assert change_effect(filtered, change('updated', 'categories'), visible_ids={8}) == Effect.PAGE
    assert change_effect(filtered, change('updated', 'email'), visible_ids={7}) == Effect.ROW


async def test_customers_without_list_columns_get_them_at_start_up(db: str) -> None:
    view = await create_customer(by=SYSTEM, draft=spanish_draft(categories=['VIP']))
    await Customer.filter(id=view.id).update(search_text='', category_sort='')
    assert await names(search='pena') == []
    assert await index_missing_customers() == 1
    assert await names(search='pena') == ['Talleres Peña S.L.']
    assert (await Customer.get(id=view.id)).category_sort == 'vip'
    assert await index_missing_customers() == 0
