"""In a real browser on a narrow screen, with the keyboard: the menu drawer over the page takes the focus when it
opens, and gives it back to the menu button when it closes (WAI-ARIA dialog practice)."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from tests.e2e.conftest import sign_in
from tests.e2e.test_main_menu import NARROW, entry

pytestmark = pytest.mark.e2e


async def test_the_menu_over_the_page_takes_the_focus_and_gives_it_back(server: str, page: Page) -> None:
    await page.set_viewport_size(NARROW)
    await sign_in(page, server, target='/customers/new')
    await expect(page.get_by_label('Name *')).to_be_focused()  # the page's own first field: nothing took it
    toggle = page.get_by_role('button', name='Menu', exact=True)
    customers = entry(page, 'Customers')

    for _ in range(10):  # back from the first field to the header's menu button
        await page.keyboard.press('Shift+Tab')
        if await toggle.evaluate('el => el === document.activeElement'):
            break
    await expect(toggle).to_be_focused()
    await page.keyboard.press('Enter')
    await expect(customers).to_be_in_viewport()
    await expect(customers).to_be_focused()  # the first entry
    await page.keyboard.press('Tab')
    await expect(entry(page, 'Invoices')).to_be_focused()
    await page.keyboard.press('Escape')
    await expect(customers).not_to_be_in_viewport()
    await expect(toggle).to_be_focused()

    await page.keyboard.press('Enter')  # open again from the button, and close with a click beside the menu
    await expect(customers).to_be_focused()
    await page.mouse.click(NARROW['width'] - 50, NARROW['height'] // 2)
    await expect(customers).not_to_be_in_viewport()
    await expect(toggle).to_be_focused()

    await page.keyboard.press('Enter')
    await expect(customers).to_be_focused()
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')  # choosing an entry closes the menu too
    await page.wait_for_url(server + '/invoices')
    await expect(customers).not_to_be_in_viewport()
    await expect(toggle).to_be_focused()
