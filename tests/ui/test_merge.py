"""Merging as an admin meets it: two rows in the table, the profile's action, a duplicate warning; old numbers."""

from nicegui import ui
from nicegui.testing import User

from models import Customer, Role
from services.core.actors import SYSTEM
from services.customers.registration import create_customer
from services.customers.views import get_customer
from tests.factories import spanish_draft
from tests.ui.helpers import save_the_first_customers_tax_id_on_the_second, sign_in


async def two_customers() -> None:
    await create_customer(by=SYSTEM, draft=spanish_draft(categories=['VIP']))
    await create_customer(
        by=SYSTEM,
        draft=spanish_draft(email='info@pena.es', city='Toledo', postal_code='45001', categories=['Toledo']),
        confirmed_duplicates=[1],
    )


async def test_two_selected_rows_merge_with_the_picked_values(user: User) -> None:
    await two_customers()
    await sign_in(user)
    await user.open('/customers')
    await user.should_see(marker='customer-grid', retries=20)
    user.find(marker='customer-grid').trigger('selection_change', {'ids': [1, 2], 'added': True, 'seq': 1})
    await user.should_see(marker='bulk-merge', retries=20)
    user.find(marker='bulk-merge').click()
    await user.should_see(marker='merge-dialog', retries=20)
    user.find(marker='merge-survivor').elements.pop().set_value('second')
    user.find(marker='merge-pick-email').elements.pop().set_value('first')
    user.find(marker='merge-confirm').click()
    await user.should_see('C-00001 merged into C-00002', retries=30)
    survivor = await get_customer('C-00002')
    assert (survivor.email, survivor.city) == ('jose@pena.es', 'Toledo')
    assert [c.name for c in survivor.categories] == ['Toledo', 'VIP']
    assert (await Customer.get(id=1)).merged_into_id == 2


async def test_the_old_number_opens_the_survivor(user: User) -> None:
    await two_customers()
    await sign_in(user)
    await user.open('/customers/C-00002')
    await user.should_see(marker='history', retries=20)
    user.find(marker='merge').click()
    await user.should_see(marker='merge-other-number', retries=20)
    user.find(marker='merge-other-number').type('c-00001')
    user.find(marker='merge-compare').click()
    await user.should_see(marker='merge-dialog', retries=20)
    user.find(marker='merge-confirm').click()
    await user.should_see('C-00001 merged into C-00002', retries=30)
    await user.open('/customers/C-00001')
    await user.should_see(marker='merged-banner', retries=20)
    await user.should_see('C-00001 was merged into C-00002.')
    await user.should_see('Toledo')


async def test_a_duplicate_warning_on_edit_offers_the_merge_to_admins(user: User) -> None:
    await save_the_first_customers_tax_id_on_the_second(user)
    await user.should_see(marker='duplicate-merge-C-00001', retries=30)
    user.find(marker='duplicate-merge-C-00001').click()
    await user.should_see(marker='merge-dialog', retries=20)
    with user.scope(marker='merge-dialog'):
        user.find(kind=ui.button, content='Merge').click()
    await user.should_see('C-00001 merged into C-00002', retries=30)


async def test_members_get_no_merge(user: User) -> None:
    await two_customers()
    await sign_in(user, role=Role.MEMBER)
    await user.open('/customers/C-00001')
    await user.should_see(marker='history', retries=20)
    user.should_not_see(marker='merge')
