"""In a real browser: an empty Clientbook greets its first user with a way to begin, not with a warning."""

import pytest
from playwright.async_api import Page, expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e


async def test_empty_customers_and_products_offer_a_start_without_a_warning(server: str, page: Page) -> None:
    await sign_in(page, server)
    await expect(page.get_by_text('No customers yet')).to_be_visible()
    await expect(page.get_by_text('No customers match')).to_have_count(0)
    await expect(page.locator('.q-table')).to_be_hidden()  # no empty table with Quasar's warning line
    await page.get_by_role('button', name='Add the first customer').click()
    await page.wait_for_url(server + '/customers/new')

    await page.goto(server + '/products')
    empty = page.locator('.q-table__bottom--nodata')
    await expect(empty).to_contain_text('No products yet. Add the ones you invoice often with “New product”.')
    await expect(empty.locator('.q-icon')).to_have_text('inventory_2')  # not Quasar's 'warning'
