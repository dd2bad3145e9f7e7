"""The customer table as a user works with it (NiceGUI's simulated User): paging, view in the URL, edits, live."""

import logging
from typing import Any

import pytest
from nicegui import ui
from nicegui.testing import User

from models import Category, Customer, Role
from models import User as TeamUser
from services.core.actors import SYSTEM, Actor
from services.customers.custom_fields import CustomFieldKind, FieldDefinition, save_definition
from services.customers.edit.entry_points import update_customer_field
from services.customers.registration import create_customer
from tests.factories import korean_draft, spanish_draft
from tests.ui.helpers import eventually, sign_in
from ui.customers.table.category_filter import CategoryFilter
from ui.customers.table.customer_grid import CustomerGrid


async def open_table(user: User, path: str = '/customers') -> CustomerGrid:
    await user.open(path)
    await user.should_see(marker='customer-grid', retries=20)
    grid = user.find(marker='customer-grid').elements.pop()
    assert isinstance(grid, CustomerGrid)
    return grid


def numbers(grid: CustomerGrid) -> list[str]:
    return [row['number'] for row in grid.rows]


async def thirty_customers() -> None:
    for i in range(30):
        await create_customer(by=SYSTEM, draft=korean_draft(email=f'user{i}@example.kr', name=f'Kunde {i:02d}'))


async def test_paging_and_sorting_send_the_right_page(user: User) -> None:
    await sign_in(user)
    await user.open('/customers')
    await thirty_customers()
    grid = await open_table(user)
    assert numbers(grid) == [f'C-{i:05d}' for i in range(30, 5, -1)]
    assert grid.props['pagination']['rowsNumber'] == 30
    user.find(marker='customer-grid').trigger(
        'page_request', {'page': 2, 'rowsPerPage': 25, 'sortBy': 'name', 'descending': False, 'seq': 1}
    )
    await eventually(lambda: [row['name'] for row in grid.rows] == [f'Kunde {i:02d}' for i in range(25, 30)])
    assert grid.props['pagination'] == {
        'page': 2,
        'rowsPerPage': 25,
        'rowsNumber': 30,
        'sortBy': 'name',
        'descending': False,
    }
    assert grid.props['answered'] == {'page': 1, 'selection': 0}
    assert grid.client.sub_pages_router.current_path == '/customers?sort=name&page=2'
    user.find(marker='customer-grid').trigger(
        'page_request',
        {'page': 1, 'rowsPerPage': 50, 'sortBy': 'name; DROP TABLE customer', 'descending': True, 'seq': 3},
    )
    await eventually(lambda: numbers(grid) == [f'C-{i:05d}' for i in range(30, 0, -1)])
    # A request that changes nothing is answered too (the browser shows what it asked for until then); an older
    # answer does not take the place of a newer one, and a request without its number is not one.
    user.find(marker='customer-grid').trigger('page_request', {'page': 1, 'rowsPerPage': 50, 'seq': 2})
    user.find(marker='customer-grid').trigger('page_request', {'page': 2, 'rowsPerPage': 25})
    await eventually(lambda: grid.props['answered'] == {'page': 3, 'selection': 0})
    assert grid.props['pagination']['rowsPerPage'] == 50


async def test_selection_changes_sent_before_an_answer_add_up(user: User) -> None:
    # Two boxes ticked before the server answered the first: the second change was built on the old answer (nothing
    # selected), and as a whole selection it replaced the first; as changes, both rows are selected.
    await sign_in(user)
    await user.open('/customers')
    for draft in (korean_draft(), spanish_draft(), korean_draft(name='Kim Ji-woo', email='jw@example.kr')):
        await create_customer(by=SYSTEM, draft=draft)
    grid = await open_table(user)
    element = user.find(marker='customer-grid')
    element.trigger('selection_change', {'ids': [2], 'added': True, 'seq': 1})
    element.trigger('selection_change', {'ids': [1], 'added': True, 'seq': 2})
    await eventually(lambda: grid.props['selected-ids'] == (1, 2))
    await user.should_see('2 selected', retries=20)
    element.trigger('selection_change', {'ids': [2, 3], 'added': False, 'seq': 3})
    element.trigger('selection_change', {'ids': [3, True, 'x'], 'added': True, 'seq': 4})
    element.trigger('selection_change', {'ids': [1], 'added': 'no', 'seq': 5})  # not a change: ignored, unanswered
    await eventually(lambda: grid.props['selected-ids'] == (1, 3))
    assert grid.props['answered'] == {'page': 0, 'selection': 4}


async def test_the_view_comes_from_the_url_and_goes_back_into_it(user: User) -> None:
    await sign_in(user)
    await user.open('/customers')
    await create_customer(by=SYSTEM, draft=spanish_draft(categories=['Wholesale']))
    await create_customer(by=SYSTEM, draft=korean_draft(categories=['Wholesale', 'VIP']))
    wholesale = (await Category.get(name='Wholesale')).id
    grid = await open_table(user, f'/customers?q=kim&cat={wholesale}&sort=-name&cols=number,name,city')
    assert numbers(grid) == ['C-00002']
    assert user.find(marker='search').elements.pop().value == 'kim'
    assert grid.props['visible-columns'] == ('number', 'name', 'city')
    user.find(marker='search').clear().type('peña')
    await eventually(lambda: numbers(grid) == ['C-00001'])
    assert grid.client.sub_pages_router.current_path == (
        f'/customers?q=pe%C3%B1a&cat={wholesale}&sort=-name&cols=number%2Cname%2Ccity'
    )


async def test_a_link_to_the_list_while_it_is_shown_applies_the_view_it_names(user: User) -> None:
    await sign_in(user)
    await user.open('/customers')
    await create_customer(by=SYSTEM, draft=spanish_draft())
    await create_customer(by=SYSTEM, draft=korean_draft())
    grid = await open_table(user)
    user.find(marker='search').type('kim')
    await eventually(lambda: numbers(grid) == ['C-00002'])
    user.navigate.to('/customers')  # the menu's link: the same page stays; the view goes back to the defaults
    await eventually(lambda: numbers(grid) == ['C-00002', 'C-00001'])
    assert user.find(marker='search').elements.pop().value == ''

    await open_table(user, '/customers?q=kim&sort=name')
    user.navigate.to('/customers')  # the menu's link: the page is built again for the new query
    await eventually(lambda: numbers(user.find(marker='customer-grid').elements.pop()) == ['C-00002', 'C-00001'])


async def test_keystrokes_during_a_search_wait_and_only_the_newest_is_searched(
    user: User, caplog: pytest.LogCaptureFixture
) -> None:
    """Every keystroke reaches the server (no pause in the browser); those that arrive while a search runs wait for
    it, and then only the newest text is searched: fast typing does not queue one query per letter."""
    await sign_in(user)
    await user.open('/customers')
    await create_customer(by=SYSTEM, draft=spanish_draft())
    await create_customer(by=SYSTEM, draft=korean_draft())  # minjun.kim@example.kr
    grid = await open_table(user)
    caplog.set_level(logging.DEBUG, logger='tortoise.db_client')
    search = user.find(marker='search')
    search.type('minj').type('u').type('n')  # three keystrokes before the first search has answered
    await eventually(lambda: numbers(grid) == ['C-00002'])
    assert grid.client.sub_pages_router.current_path == '/customers?q=minjun'
    searched = {
        value
        for record in caplog.records
        if record.name == 'tortoise.db_client' and isinstance(record.args, tuple) and 'MATCH' in str(record.args[0])
        for value in record.args[1]
        if isinstance(value, str)
    }
    assert searched == {'"minj"', '"minjun"'}  # the first keystroke's search ran; 'minju' was passed over


async def test_filter_and_search_survive_a_live_update(user: User) -> None:
    await sign_in(user)
    await user.open('/customers')
    await create_customer(by=SYSTEM, draft=korean_draft(categories=['VIP']))
    await create_customer(by=SYSTEM, draft=spanish_draft(categories=['VIP']))
    vip = (await Category.get(name='VIP')).id
    grid = await open_table(user)
    user.find(marker='category-filter').trigger('toggle', vip)
    user.find(marker='search').type('kim')
    await eventually(lambda: numbers(grid) == ['C-00001'])
    user.find(marker='customer-grid').trigger('selection_change', {'ids': [1], 'added': True, 'seq': 2})

    await create_customer(by=SYSTEM, draft=korean_draft(name='Kim Ji-woo', email='jw@example.kr', categories=['VIP']))
    await eventually(lambda: numbers(grid) == ['C-00003', 'C-00001'])
    await update_customer_field(1, 'city', 'Busan', 1, SYSTEM)
    await eventually(lambda: grid.rows[1]['city'] == 'Busan')
    await create_customer(by=SYSTEM, draft=korean_draft(name='Park Min-ji', email='mj@example.kr'))  # not a match
    category_filter = user.find(marker='category-filter').elements.pop()
    assert isinstance(category_filter, CategoryFilter)
    await eventually(lambda: category_filter.props['categories'][0]['customers'] == '3')
    assert user.find(marker='search').elements.pop().value == 'kim'
    assert category_filter.props['selected'] == (vip,)
    assert grid.props['selected-ids'] == (1,)
    assert numbers(grid) == ['C-00003', 'C-00001']


async def test_an_edit_in_the_cell_is_saved_and_answered(user: User) -> None:
    await sign_in(user)
    await user.open('/customers')
    await create_customer(by=SYSTEM, draft=korean_draft())
    grid = await open_table(user)
    edit = {'req': 7, 'id': 1, 'field': 'phone', 'value': '010 9999 8888', 'version': 1, 'seen': '+82 10-1234-5678'}
    user.find(marker='customer-grid').trigger('cell_edit', edit)
    await eventually(lambda: grid.props['edit-result'] == {'req': 7, 'ok': True, 'message': '', 'close': False})
    assert (grid.rows[0]['phone'], grid.rows[0]['version']) == ('+82 10-9999-8888', 2)
    assert (await Customer.get(id=1)).phone == '+821099998888'


async def test_an_invalid_value_gets_the_message_at_the_cell_and_is_not_stored(user: User) -> None:
    await sign_in(user)
    await user.open('/customers')
    await create_customer(by=SYSTEM, draft=korean_draft())
    grid = await open_table(user)
    edit = {'req': 1, 'id': 1, 'field': 'email', 'value': 'minjun@', 'version': 1, 'seen': 'minjun.kim@example.kr'}
    user.find(marker='customer-grid').trigger('cell_edit', edit)
    await eventually(lambda: grid.props['edit-result'] is not None)
    assert grid.props['edit-result']['ok'] is False
    assert 'There must be something after the @-sign' in grid.props['edit-result']['message']
    assert (await Customer.get(id=1)).email == 'minjun.kim@example.kr'
    user.find(marker='customer-grid').trigger('cell_edit', {**edit, 'field': 'street', 'req': 2})  # not editable
    user.find(marker='customer-grid').trigger('cell_edit', {**edit, 'version': 'x', 'req': 3})  # malformed
    assert grid.props['edit-result']['req'] == 1


async def changed_by_ana(field: str, value: Any) -> None:
    ana = await TeamUser.create(email='ana@example.com', display_name='Ana Müller', role=Role.MEMBER)
    actor = Actor(id=ana.id, name='Ana', role=Role.MEMBER, can_view_notes=False)
    await update_customer_field(1, field, value, 1, actor)


async def test_a_conflict_shows_both_values_and_keep_theirs_keeps_theirs(user: User) -> None:
    await sign_in(user)
    await user.open('/customers')
    await create_customer(by=SYSTEM, draft=korean_draft())
    grid = await open_table(user)
    await changed_by_ana('city', 'Busan')
    edit = {'req': 1, 'id': 1, 'field': 'city', 'value': 'Incheon', 'version': 1, 'seen': '서울'}
    user.find(marker='customer-grid').trigger('cell_edit', edit)
    await user.should_see('Changed by Ana Müller just now: Busan', retries=20)
    await user.should_see('Your value: Incheon', retries=20)
    assert grid.props['edit-result'] == {'req': 1, 'ok': False, 'message': '', 'close': True}
    user.find('Keep theirs').click()
    await user.should_not_see(marker='conflict')
    assert (await Customer.get(id=1)).city == 'Busan'
    assert grid.rows[0]['city'] == 'Busan'


async def test_a_conflict_shows_both_values_and_use_mine_overwrites_theirs(user: User) -> None:
    await sign_in(user)
    await user.open('/customers')
    await create_customer(by=SYSTEM, draft=korean_draft(categories=['VIP']))
    grid = await open_table(user)
    await changed_by_ana('categories', ['VIP', 'Wholesale'])
    edit = {'req': 1, 'id': 1, 'field': 'categories', 'value': ['Export'], 'version': 1, 'seen': ['VIP']}
    user.find(marker='customer-grid').trigger('cell_edit', edit)
    await user.should_see('Changed by Ana Müller just now: VIP, Wholesale', retries=20)
    await user.should_see('Your value: Export', retries=20)
    user.find('Use mine').click()
    await user.should_see('Categories saved', retries=20)
    stored = await Customer.get(id=1).prefetch_related('categories')
    assert [category.name for category in stored.categories] == ['Export']
    export = (await Category.get(name='Export')).id
    await eventually(lambda: grid.rows[0]['category_ids'] == [export])


async def test_bulk_actions_work_on_the_selection(user: User) -> None:
    await sign_in(user)
    await user.open('/customers')
    await create_customer(by=SYSTEM, draft=korean_draft())
    await create_customer(by=SYSTEM, draft=spanish_draft())
    grid = await open_table(user)
    user.find(marker='customer-grid').trigger('selection_change', {'ids': [1, 2, 'x'], 'added': True, 'seq': 1})
    await user.should_see('2 selected', retries=20)
    user.find('Add category').click()
    await user.should_see(marker='bulk-dialog', retries=20)
    user.find(marker='bulk-category').trigger('update:modelValue', 'Export')  # typed, then Enter
    user.find(marker='bulk-confirm').click()
    await user.should_see('Category added to 2 customers', retries=20)
    assert await Customer.filter(categories__name='Export').count() == 2
    user.find('Export CSV').click()
    csv = await user.download.next()
    assert csv.content.startswith(b'\xef\xbb\xbfNumber,Name')
    user.find('Archive').click()
    await user.should_see('Archived 2 customers', retries=20)
    await eventually(lambda: grid.rows == [])
    await user.should_not_see('2 selected')
    assert await Customer.filter(archived_at__isnull=False).count() == 2

    user.find(marker='show-archived').click()
    await eventually(lambda: [row['archived'] for row in grid.rows] == [True, True])
    user.find(marker='customer-grid').trigger('selection_change', {'ids': [1], 'added': True, 'seq': 2})
    user.find('Restore').click()
    await user.should_see('Restored 1 customer', retries=20)
    await eventually(lambda: [row['archived'] for row in grid.rows] == [True, False])
    user.find(marker='customer-grid').trigger('selection_change', {'ids': [2], 'added': True, 'seq': 3})
    user.find('Delete…').click()
    await user.should_see('Delete permanently?', retries=20)
    user.find(kind=ui.button, content='Delete permanently').click()
    await user.should_see('Deleted 1 customer', retries=20)
    await eventually(lambda: numbers(grid) == ['C-00001'])
    assert await Customer.all().count() == 1


async def test_custom_fields_are_optional_columns(user: User) -> None:
    await sign_in(user)
    await save_definition(FieldDefinition(label='Industry', kind=CustomFieldKind.TEXT), by=SYSTEM)
    await create_customer(by=SYSTEM, draft=spanish_draft(custom={'industry': 'Cars'}))
    grid = await open_table(user, '/customers?cols=number,name,custom_industry')
    assert grid.rows[0]['custom_industry'] == 'Cars'
    assert 'custom_industry' in grid.props['visible-columns']
    assert any(column['label'] == 'Industry' for column in grid.props['columns'])
