"""The menu and the settings that shape the form (the table has its own stories in test_customer_table.py)."""

from nicegui.testing import User

from services.core.actors import SYSTEM
from services.customers.edit.bulk import archive_customers
from services.customers.registration import create_customer
from tests.factories import spanish_draft
from tests.ui.helpers import eventually, main_menu_paths, sign_in


async def test_menu_lists_only_pages_that_exist(user: User) -> None:
    await sign_in(user)
    await user.open('/')
    await user.should_see(marker='main-menu', retries=20)
    assert main_menu_paths(user) == ['/customers', '/invoices', '/reports', '/products', '/mailbox', '/settings']


async def test_admin_changes_which_fields_are_required(user: User) -> None:
    await sign_in(user)
    await user.open('/settings')
    await user.should_see(marker='customer-fields', retries=20)
    user.find(marker='required-phone').click()
    user.find(marker='required-tax_id').click()
    await user.should_see('Required fields saved', retries=20)
    await user.open('/customers/new')
    await user.should_see('Tax ID *', retries=20)
    await user.should_not_see('Phone *')


async def test_an_empty_start_welcomes_instead_of_warning_and_a_filter_says_what_it_found(user: User) -> None:
    await sign_in(user)
    await user.open('/customers')
    await user.should_see('No customers yet', retries=50)
    await user.should_see('Add the first customer')
    await user.should_not_see('No customers match')
    await user.should_not_see(marker='customer-grid')  # no empty table with Quasar's warning line
    welcome = user.find(marker='no-customers-yet').elements.pop()
    view = await create_customer(by=SYSTEM, draft=spanish_draft())
    await eventually(lambda: welcome.is_deleted)  # the first customer, saved elsewhere, replaces the welcome
    await user.should_see(marker='customer-grid')
    await user.open('/customers?q=nobody-by-this-name')
    await user.should_see(marker='customer-grid', retries=50)
    grid = user.find(marker='customer-grid').elements.pop()
    assert grid.props['no-data-label'] == 'No customers match. Change the search or the filter.'
    await archive_customers([view.id], by=SYSTEM)
    await user.open('/customers')
    await user.should_see(marker='customer-grid', retries=50)
    grid = user.find(marker='customer-grid').elements.pop()
    await eventually(lambda: grid.props['no-data-label'].startswith('No active customers'))
    await user.should_not_see('No customers yet')
