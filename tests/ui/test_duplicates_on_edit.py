"""Duplicates on edit as a user meets them: the table cell and the profile ask before saving another's email."""

from nicegui import ui
from nicegui.testing import User

from models import Customer
from services.core.actors import SYSTEM
from services.customers.registration import create_customer
from tests.factories import korean_draft
from tests.ui.helpers import eventually, save_the_first_customers_tax_id_on_the_second, sign_in
from ui.customers.table.customer_grid import CustomerGrid


async def two_customers() -> None:
    await create_customer(by=SYSTEM, draft=korean_draft())
    await create_customer(by=SYSTEM, draft=korean_draft(name='박서연', email='seo@example.kr', phone='010-2222-3333'))


async def open_table(user: User) -> CustomerGrid:
    await sign_in(user)
    await user.open('/customers')
    await user.should_see(marker='customer-grid', retries=20)
    grid = user.find(marker='customer-grid').elements.pop()
    assert isinstance(grid, CustomerGrid)
    return grid


async def test_a_cell_edit_to_another_customers_email_is_saved_only_when_confirmed(user: User) -> None:
    await two_customers()
    grid = await open_table(user)
    edit = {
        'req': 3,
        'id': 2,
        'field': 'email',
        'value': 'minjun.kim@example.kr',
        'version': 1,
        'seen': 'seo@example.kr',
    }
    user.find(marker='customer-grid').trigger('cell_edit', edit)
    await user.should_see(marker='confirm-duplicate', retries=20)
    await user.should_see('C-00001 김민준 (same email)')
    assert grid.props['edit-result'] == {'req': 3, 'ok': False, 'message': '', 'close': True}
    user.find(marker='duplicate-back').click()
    await user.should_not_see(marker='confirm-duplicate')
    assert (await Customer.get(id=2)).email == 'seo@example.kr'

    user.find(marker='customer-grid').trigger('cell_edit', {**edit, 'req': 4})
    await user.should_see(marker='confirm-duplicate', retries=20)
    user.find(marker='duplicate-save').click()
    await user.should_see('Email saved', retries=20)
    assert (await Customer.get(id=2)).email == 'minjun.kim@example.kr'
    await eventually(lambda: any(row['email'] == 'minjun.kim@example.kr' and row['id'] == 2 for row in grid.rows))


async def test_the_profile_asks_before_saving_another_customers_tax_id(user: User) -> None:
    await save_the_first_customers_tax_id_on_the_second(user)
    await user.should_see(marker='confirm-duplicate', retries=30)
    await user.should_see('C-00001 Talleres Peña S.L. (same tax ID)')
    with user.scope(marker='confirm-duplicate'):
        user.find(kind=ui.button, content='Save anyway').click()
    await user.should_see('Changes saved', retries=30)
    assert (await Customer.get(id=2)).tax_id == 'ESB64717838'
