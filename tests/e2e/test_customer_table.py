"""Two people work in the customer table in real browsers: edits in place, live updates, the message at the cell."""

import pytest
from playwright.async_api import Locator, Page, expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

# Visible columns by default: selection, number, name, email, phone, city, country, categories, created.
EMAIL, CITY = 3, 5


def cell(page: Page, number: str, column: int) -> Locator:
    return page.locator('tbody tr', has_text=number).locator('td').nth(column)


async def edit(page: Page, number: str, column: int, text: str) -> Locator:
    """Click the cell, replace its value with `text` (not saved yet); returns the cell."""
    target = cell(page, number, column)
    await target.click()
    editor = target.locator('input')
    await expect(editor).to_be_focused()
    await editor.fill(text)
    return target


async def test_an_edit_in_one_browser_appears_in_the_other_without_reload(
    demo_server: str, page: Page, second_page: Page
) -> None:
    for tab in (page, second_page):
        await sign_in(tab, demo_server, target='/customers')
        await expect(cell(tab, 'C-00040', CITY)).to_be_visible()

    await (await edit(page, 'C-00040', CITY, 'Gangneung')).locator('input').press('Enter')
    await expect(cell(page, 'C-00040', CITY)).to_have_text('Gangneung')
    await expect(cell(second_page, 'C-00040', CITY)).to_have_text('Gangneung')  # no reload in between

    # An edit in progress in the second browser survives a live update of the same page.
    open_editor = await edit(second_page, 'C-00039', CITY, 'Sokcho')
    await (await edit(page, 'C-00038', CITY, 'Jeonju')).locator('input').press('Enter')
    await expect(cell(second_page, 'C-00038', CITY)).to_have_text('Jeonju')
    await expect(open_editor.locator('input')).to_have_value('Sokcho')
    await expect(open_editor.locator('input')).to_be_focused()
    await open_editor.locator('input').press('Enter')
    await expect(cell(page, 'C-00039', CITY)).to_have_text('Sokcho')


async def test_an_invalid_email_typed_into_a_cell_shows_the_message_and_is_not_saved(
    demo_server: str, page: Page
) -> None:
    await sign_in(page, demo_server, target='/customers')
    before = await cell(page, 'C-00040', EMAIL).inner_text()
    target = await edit(page, 'C-00040', EMAIL, 'nobody@')
    await target.locator('input').press('Enter')
    await expect(target.get_by_text('There must be something after the @-sign.')).to_be_visible()
    await expect(target.locator('input')).to_have_value('nobody@')
    await target.locator('input').press('Escape')
    await expect(cell(page, 'C-00040', EMAIL)).to_have_text(before)
    await page.reload()
    await expect(cell(page, 'C-00040', EMAIL)).to_have_text(before)


async def test_the_number_and_the_name_open_the_profile(demo_server: str, page: Page) -> None:
    await sign_in(page, demo_server, target='/customers?q=C-00012')
    name = await cell(page, 'C-00012', 2).get_by_role('link').inner_text()
    await cell(page, 'C-00012', 2).get_by_role('link').click()
    await expect(page.get_by_text('C-00012', exact=True)).to_be_visible()
    await expect(page).to_have_url(demo_server + '/customers/C-00012')
    await expect(page.get_by_text(name).first).to_be_visible()
    await page.go_back()
    await expect(page.get_by_placeholder('Search name, number, email, phone, tax ID, city…')).to_have_value('C-00012')
    await cell(page, 'C-00012', 1).get_by_role('link').click()
    await expect(page).to_have_url(demo_server + '/customers/C-00012')
