"""The customer list and the settings that shape the form."""

from nicegui import ui
from nicegui.testing import User

from services.actors import SYSTEM
from services.categories import category_colour
from services.customers import create_customer
from tests.factories import korean_draft, spanish_draft
from tests.ui.helpers import eventually


async def test_menu_lists_only_pages_that_exist(user: User) -> None:
    await user.open('/')
    for path in ('/customers', '/invoices', '/products', '/mailbox', '/settings'):
        await user.should_see(marker=f'menu-{path}')
    await user.should_not_see('Reports')


async def test_list_shows_registered_customers_with_their_categories(user: User) -> None:
    await user.open('/customers')
    await create_customer(by=SYSTEM, draft=spanish_draft(categories=['Wholesale']))
    await user.open('/customers')
    await user.should_see(kind=ui.table)
    table = user.find(kind=ui.table).elements.pop()
    assert table.rows == [
        {
            'id': 1,
            'number': 'C-00001',
            'name': 'Talleres Peña S.L.',
            'email': 'jose@pena.es',
            'phone': '+34 612 34 56 78',
            'city': 'Madrid',
            'country': 'ES',
            'categories': [{'id': 1, 'name': 'Wholesale', 'colour': category_colour('Wholesale'), 'customers': 0}],
        }
    ]


async def test_list_sends_one_page_at_a_time(user: User) -> None:
    await user.open('/customers')
    for i in range(30):
        await create_customer(by=SYSTEM, draft=korean_draft(email=f'user{i}@example.kr', name=f'Kunde {i}'))
    await user.open('/customers')
    await user.should_see(kind=ui.table)
    table = user.find(kind=ui.table).elements.pop()
    assert len(table.rows) == 25
    assert table.pagination['rowsNumber'] == 30
    user.find(kind=ui.table).trigger('request', {'pagination': {'page': 2, 'rowsPerPage': 25}})
    await eventually(lambda: [row['number'] for row in table.rows] == [f'C-{i:05d}' for i in range(5, 0, -1)])
    assert table.pagination == {'page': 2, 'rowsPerPage': 25, 'rowsNumber': 30}


async def test_new_customer_appears_in_an_open_list(user: User) -> None:
    await user.open('/customers')
    await user.should_see(kind=ui.table)
    table = user.find(kind=ui.table).elements.pop()
    assert table.rows == []
    await create_customer(by=SYSTEM, draft=spanish_draft())
    await eventually(lambda: [row['name'] for row in table.rows] == ['Talleres Peña S.L.'])


async def test_admin_changes_which_fields_are_required(user: User) -> None:
    await user.open('/settings')
    await user.should_see(marker='customer-fields')
    user.find(marker='required-phone').click()
    user.find(marker='required-tax_id').click()
    await user.should_see('Required fields saved')
    await user.open('/customers/new')
    await user.should_see('Tax ID *')
    await user.should_not_see('Phone *')
