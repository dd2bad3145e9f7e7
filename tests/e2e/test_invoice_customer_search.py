"""In a real browser: the New invoice dialog finds a customer as one types, among all of them (the server searches;
the browser never receives the whole customer list), and the keyboard picks one: type, arrows, Enter."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e


async def customer_name(page: Page, server: str, number: str) -> str:
    await page.goto(f'{server}/customers?q={number}')
    row = page.locator('tbody tr', has_text=number)
    await expect(row).to_have_count(1)
    return (await row.locator('td').nth(2).get_by_role('link').inner_text()).strip()


async def test_typing_narrows_the_customers_and_enter_picks_the_highlighted_one(demo_server: str, page: Page) -> None:
    await sign_in(page, demo_server)
    oldest = await customer_name(page, demo_server, 'C-00001')  # not among the 20 newest the picker starts with
    await page.goto(demo_server + '/invoices')
    await page.get_by_role('button', name='New invoice').click()
    picker = page.get_by_label('Customer', exact=True)
    await picker.click()
    options = page.get_by_role('option')
    await expect(options).to_have_count(20)  # the newest customers, before anything is typed
    await expect(options.first).to_contain_text('C-00040')

    for _ in range(3):  # a busy machine may drop the first keys: a person would type again
        await page.keyboard.press('Control+A')
        await page.keyboard.type(oldest, delay=40)
        try:
            await expect(options.filter(has_text='C-00001')).to_be_visible(timeout=5_000)
            break
        except AssertionError:
            pass
    texts = await options.all_inner_texts()
    assert texts and all(oldest.lower() in text.lower() for text in texts), texts  # only the matches
    await expect(options.first).to_have_class(re.compile(r'q-manual-focusable--focused'))  # first one highlighted

    await page.keyboard.press('Control+A')
    await page.keyboard.type('C-0000', delay=40)  # C-00001 ... C-00009, newest first
    await expect(options).to_have_count(9)
    await expect(options.first).to_contain_text('C-00009')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await expect(picker).to_have_value(re.compile(r'^C-00008 · '))
    await expect(page.get_by_role('option')).to_have_count(0)  # the menu closed
