"""The main menu with the keyboard: its entries are buttons reached with Tab; Enter or Space opens the section and
highlights it; the header's menu button hides and shows the menu."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Locator, Page, expect

from tests.e2e.conftest import sign_in
from tests.e2e.test_keyboard import FOCUS_RING

pytestmark = pytest.mark.e2e

ACTIVE, INACTIVE = re.compile(r'(^|\s)text-primary(\s|$)'), re.compile(r'(^|\s)text-grey-9(\s|$)')


async def tab_to(page: Page, target: Locator, limit: int = 40) -> None:
    """Press Tab until `target` has the focus."""
    for _ in range(limit):
        await page.keyboard.press('Tab')
        if await target.evaluate('el => el === document.activeElement'):
            return
    raise AssertionError(f'Tab never reached {target}')


async def test_enter_on_a_menu_entry_opens_its_section_and_highlights_it(server: str, page: Page) -> None:
    await sign_in(page, server)
    menu = page.locator('.q-drawer')
    customers = menu.get_by_role('button', name='Customers', exact=True)
    invoices = menu.get_by_role('button', name='Invoices', exact=True)
    await expect(customers).to_have_class(ACTIVE)
    await expect(invoices).to_have_class(INACTIVE)
    await tab_to(page, invoices)
    assert await page.evaluate(FOCUS_RING)
    await page.keyboard.press('Enter')
    await page.wait_for_url(server + '/invoices')
    await expect(page.get_by_role('columnheader', name='Issued')).to_be_visible()  # the invoice list
    await expect(invoices).to_have_class(ACTIVE)
    await expect(customers).to_have_class(INACTIVE)
    await tab_to(page, customers)
    await page.keyboard.press('Space')
    await page.wait_for_url(server + '/customers')
    await expect(customers).to_have_class(ACTIVE)
    await expect(invoices).to_have_class(INACTIVE)


async def test_the_menu_button_hides_and_shows_the_menu_with_the_keyboard(server: str, page: Page) -> None:
    await sign_in(page, server)
    toggle = page.get_by_role('button', name='Menu', exact=True)
    entry = page.locator('.q-drawer').get_by_role('button', name='Invoices', exact=True)
    await expect(entry).to_be_in_viewport()
    await tab_to(page, toggle)
    await page.keyboard.press('Enter')
    await expect(entry).not_to_be_in_viewport()
    await page.keyboard.press('Enter')
    await expect(entry).to_be_in_viewport()
