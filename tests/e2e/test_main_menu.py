"""The main menu: with the keyboard, its entries are links reached with Tab; Enter or Space opens the section and
highlights it; the header's menu button hides and shows the menu. On a screen narrower than 1,024 px the menu starts
closed and opens over the page; on a wider one it starts open beside the page (Quasar's `show-if-above`)."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Locator, Page, expect

from tests.e2e.conftest import sign_in
from tests.e2e.test_keyboard import FOCUS_RING

pytestmark = pytest.mark.e2e

ACTIVE, INACTIVE = re.compile(r'(^|\s)text-primary(\s|$)'), re.compile(r'(^|\s)text-grey-9(\s|$)')
NARROW, WIDE = {'width': 600, 'height': 900}, {'width': 1400, 'height': 1000}


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
    customers = menu.get_by_role('link', name='Customers', exact=True)
    invoices = menu.get_by_role('link', name='Invoices', exact=True)
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
    entry = page.locator('.q-drawer').get_by_role('link', name='Invoices', exact=True)
    await expect(entry).to_be_in_viewport()
    await tab_to(page, toggle)
    await page.keyboard.press('Enter')
    await expect(entry).not_to_be_in_viewport()
    await page.keyboard.press('Enter')
    await expect(entry).to_be_in_viewport()


def entry(page: Page, text: str) -> Locator:
    """A menu entry found by its text: a closed drawer's entries leave the accessibility tree, so not by role."""
    return page.locator('.q-drawer a', has=page.get_by_text(text, exact=True))


def first_customer(page: Page) -> Locator:
    return page.locator('tbody tr').first.get_by_role('link').first


async def left_edge(target: Locator) -> float:
    box = await target.bounding_box()
    assert box is not None
    return box['x']


async def test_on_a_narrow_screen_the_menu_starts_closed_and_opens_over_the_page(demo_server: str, page: Page) -> None:
    await page.set_viewport_size(NARROW)
    await sign_in(page, demo_server)
    toggle = page.get_by_role('button', name='Menu', exact=True)
    invoices, backdrop = entry(page, 'Invoices'), page.locator('.q-drawer__backdrop')
    await expect(invoices).not_to_be_in_viewport()
    await expect(invoices).to_be_hidden()
    await expect(backdrop).to_be_hidden()
    await first_customer(page).click(trial=True, timeout=10_000)  # nothing lies over the list: a click reaches it

    await toggle.click()
    await expect(invoices).to_be_in_viewport()
    await expect(backdrop).to_be_visible()
    await expect(page.locator('.q-page-container')).to_have_css('padding-left', '0px')  # over the page, not aside
    await expect(entry(page, 'Customers')).to_have_class(ACTIVE)
    await invoices.click()
    await page.wait_for_url(demo_server + '/invoices')
    await expect(page.get_by_role('columnheader', name='Issued')).to_be_visible()  # the invoice list
    await expect(invoices).not_to_be_in_viewport()  # choosing an entry closed the menu
    await expect(backdrop).to_be_hidden()

    await toggle.click()
    await expect(invoices).to_be_in_viewport()
    await expect(invoices).to_have_class(ACTIVE)
    await page.mouse.click(NARROW['width'] - 50, NARROW['height'] // 2)  # on the backdrop, beside the menu
    await expect(invoices).not_to_be_in_viewport()
    await expect(backdrop).to_be_hidden()
    await toggle.click()
    await expect(invoices).to_be_in_viewport()
    await page.keyboard.press('Escape')
    await expect(invoices).not_to_be_in_viewport()
    await expect(backdrop).to_be_hidden()

    await page.set_viewport_size(WIDE)  # wider: the menu comes back beside the page, as on a wide screen's load
    await expect(invoices).to_be_in_viewport()
    await expect(page.locator('.q-page-container')).to_have_css('padding-left', '300px')
    assert await left_edge(page.get_by_role('columnheader', name='Issued')) > 300
    await page.set_viewport_size(NARROW)
    await expect(invoices).not_to_be_in_viewport()
    await expect(backdrop).to_be_hidden()


async def test_on_a_wide_screen_the_menu_starts_open_beside_the_page(demo_server: str, page: Page) -> None:
    await page.set_viewport_size(WIDE)
    await sign_in(page, demo_server)
    toggle = page.get_by_role('button', name='Menu', exact=True)
    invoices = entry(page, 'Invoices')
    await toggle.click()  # early: no value from the server may open it again
    await expect(invoices).not_to_be_in_viewport()
    await page.wait_for_timeout(1_000)
    await expect(invoices).not_to_be_in_viewport()
    await toggle.click()

    await expect(invoices).to_be_in_viewport()
    await expect(page.locator('.q-drawer__backdrop')).to_have_count(0)  # beside the page: no backdrop
    await expect(page.locator('.q-page-container')).to_have_css('padding-left', '300px')
    assert await left_edge(first_customer(page)) > 300  # the list starts right of the menu
    await first_customer(page).click(trial=True, timeout=10_000)
    await invoices.click()
    await page.wait_for_url(demo_server + '/invoices')
    await expect(page.get_by_role('columnheader', name='Issued')).to_be_visible()
    await expect(invoices).to_be_in_viewport()  # choosing an entry leaves the menu open beside the page
    await expect(invoices).to_have_class(ACTIVE)
    await toggle.click()
    await expect(invoices).not_to_be_in_viewport()
    await expect(page.locator('.q-page-container')).to_have_css('padding-left', '0px')  # the page takes the width
    await toggle.click()
    await expect(invoices).to_be_in_viewport()


async def test_menu_entries_and_account_are_links_that_keep_the_page(server: str, page: Page) -> None:
    """A plain click shows the section without reloading the page (NiceGUI's sub-pages router); Ctrl+click opens the
    section in a new tab and leaves this one as it was."""
    await sign_in(page, server)
    await page.evaluate('window.__kept = true')  # gone if the page reloads
    invoices = page.locator('.q-drawer').get_by_role('link', name='Invoices', exact=True)
    await expect(invoices).to_have_attribute('href', '/invoices')
    async with page.context.expect_page() as opened:
        await invoices.click(modifiers=['Control'])
    tab = await opened.value
    await tab.wait_for_load_state()
    assert tab.url == server + '/invoices'
    await expect(tab.get_by_role('columnheader', name='Issued')).to_be_visible()
    await tab.close()
    assert page.url == server + '/customers'

    await page.locator('.q-header button', has=page.locator('i:text-is("account_circle")')).click()
    account = page.locator('.q-menu a', has=page.get_by_text('Account', exact=True))
    await expect(account).to_have_attribute('href', '/account')
    await account.click()
    await page.wait_for_url(server + '/account')
    await expect(page.locator('.q-menu')).to_have_count(0)  # the menu closed
    assert await page.evaluate('window.__kept === true'), 'the page was not reloaded'
