"""In a real browser: paste a Korean business card into the New customer form; fields are filled and highlighted
until touched, and nothing is saved until the user saves."""

import re

import pytest
from playwright.async_api import Page, expect

from tests.e2e.conftest import sign_in
from tests.services.customers.test_paste_contact import KOREAN_CARD

pytestmark = pytest.mark.e2e
PASTED = re.compile(r'\bpasted-field\b')


async def test_paste_fills_and_highlights_the_fields(server: str, page: Page) -> None:
    await sign_in(page, server, target='/customers/new')
    await page.get_by_role('button', name='Paste contact').click()
    await page.get_by_label('Contact text').fill(KOREAN_CARD)
    await page.get_by_role('button', name='Fill the form').click()

    expected = {
        'Name *': '주식회사 한빛소프트웨어',
        'Email *': 'minjun.kim@hanbit.co.kr',
        'Postal code *': '04524',
        'City *': '서울특별시',
        'Street *': '중구 세종대로 110',
    }
    for label, value in expected.items():
        await expect(page.get_by_label(label)).to_have_value(value)
    await expect(page.get_by_label('Phone *')).to_have_value('+82 2-1234-5678')
    await expect(page.get_by_label('Tax ID')).to_have_value('123-45-67891')
    city = page.locator('.q-field', has=page.get_by_label('City *'))
    await expect(city).to_have_class(PASTED)
    highlighted = page.locator('.q-field.pasted-field')
    count = await highlighted.count()
    assert count >= 8  # the eight text fields, and the country unless the server's default was Korea already
    await expect(page.get_by_text('Guessed from the pasted text: please check').first).to_be_visible()

    await page.get_by_label('City *').click()  # touched: no longer highlighted
    await expect(city).not_to_have_class(PASTED)
    await expect(highlighted).to_have_count(count - 1)
    await expect(page).to_have_url(server + '/customers/new')  # nothing was saved
