"""In a real browser: typing in a select picks as an autocomplete does. Typing part of a name highlights the first
match (those starting with the text first); Enter or Tab chooses it; the arrow keys move round the matches. The same
in the registration form's country, the first-admin page's country and the table's country editor."""

from __future__ import annotations

import pytest
from playwright.async_api import Locator, Page, expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

COUNTRY = 6  # the table's columns: selection, number, name, email, phone, city, country, ...


async def type_into(page: Page, field: Locator, text: str, first: str) -> None:
    """Focus `field`, type `text` until the list shows `first` highlighted (a busy machine may drop the first keys)."""
    highlighted = page.locator('.q-menu .q-item.q-manual-focusable--focused', has_text=first)
    for _ in range(3):
        await field.focus()
        await page.keyboard.press('Control+A')
        await page.keyboard.type(text, delay=60)
        try:
            await expect(highlighted).to_be_visible(timeout=5_000)
            return
        except AssertionError:
            await page.keyboard.press('Escape')
    await expect(highlighted).to_be_visible()


async def test_enter_or_tab_after_part_of_a_country_chooses_the_first_match(server: str, page: Page) -> None:
    await sign_in(page, server, target='/customers/new')
    country = page.get_by_label('Country *')
    await type_into(page, country, 'Spa', 'Spain')
    await page.keyboard.press('Enter')
    await expect(country).to_have_value('Spain')
    await expect(page.locator('.q-menu')).to_have_count(0)

    await type_into(page, country, 'ger', 'Germany')  # "Germany" before "Algeria", "Niger", ...
    await page.keyboard.press('Tab')
    await expect(country).to_have_value('Germany')
    await expect(country).not_to_be_focused()  # Tab went on to the next field

    await type_into(page, country, 'Spain', 'Spain')  # one match: Arrow Down stays on it
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await expect(country).to_have_value('Spain')
    await expect(page.locator('.q-card', has_text='Summary').get_by_text('Spain')).to_be_visible()


async def test_the_first_admin_country_takes_the_typed_match(empty_server: str, page: Page) -> None:
    await page.goto(empty_server + '/first-admin')
    country = page.get_by_label('Country of your business', exact=False)
    await type_into(page, country, 'Kor', 'North Korea')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Tab')
    await expect(country).to_have_value('South Korea')


async def test_the_table_country_editor_takes_the_typed_match(demo_server: str, page: Page) -> None:
    await sign_in(page, demo_server)
    target = page.locator('tbody tr', has_text='C-00040').locator('td').nth(COUNTRY)
    await expect(target).not_to_have_text('ES')
    await target.click()
    editor = target.locator('input')
    await expect(editor).to_be_focused()
    await type_into(page, editor, 'spa', 'Spain (ES)')  # its postal code fits Spain too
    await page.keyboard.press('Enter')
    await expect(target).to_have_text('ES')  # saved: the cell shows the code
