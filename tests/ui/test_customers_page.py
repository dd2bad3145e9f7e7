"""The menu and the settings that shape the form (the table has its own stories in test_customer_table.py)."""

from nicegui.testing import User

from tests.ui.helpers import sign_in


async def test_menu_lists_only_pages_that_exist(user: User) -> None:
    await sign_in(user)
    await user.open('/')
    for path in ('/customers', '/invoices', '/reports', '/products', '/mailbox', '/settings'):
        await user.should_see(marker=f'menu-{path}')


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
