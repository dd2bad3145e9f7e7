"""In a real browser: the Invoices list pages and sorts on the server, and its pager and URL follow the answers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.async_api import Locator, Page, expect

from tests.e2e.conftest import serve_demo, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def invoiced_server(tmp_path: Path) -> Iterator[str]:
    yield from serve_demo(tmp_path, customers=30)  # the demo writes about three invoices per customer


def nav(page: Page, icon: str) -> Locator:
    return page.locator('.q-table__bottom button', has=page.locator(f'i:text-is("{icon}")'))


def params(page: Page) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(page.url).query).items()}


def amount(text: str) -> float:
    return float(re.sub(r'[^\d.]', '', text))


async def test_paging_and_sorting_by_total_follow_the_server(invoiced_server: str, page: Page) -> None:
    await sign_in(page, invoiced_server, target='/invoices')
    total_text = page.get_by_text(re.compile(r'^[\d,]+ invoices$'))
    await expect(total_text).to_be_visible()
    total = int(re.sub(r'\D', '', await total_text.inner_text()))
    assert total > 50, 'the demo data should fill more than two pages'
    pager = page.locator('.q-table__bottom')

    await expect(pager.get_by_text(f'1–25 of {total}')).to_be_visible()
    await nav(page, 'chevron_right').click()
    await expect(pager.get_by_text(f'26–50 of {total}')).to_be_visible()
    assert params(page).get('page') == '2'
    await nav(page, 'chevron_right').click()  # "next" from page 2 goes on to page 3
    await expect(pager.get_by_text(f'51–{min(75, total)} of {total}')).to_be_visible()
    assert params(page).get('page') == '3'

    header = page.locator('thead th', has_text='Total')
    await header.click()  # ascending, back to page 1
    await expect(pager.get_by_text(f'1–25 of {total}')).to_be_visible()
    await page.wait_for_url(re.compile(r'[?&]sort=total(&|$)'))
    await header.click()  # the second click sorts descending
    await page.wait_for_url(re.compile(r'[?&]sort=-total(&|$)'))
    await expect(header).to_have_class(re.compile(r'sort-desc'))
    cells = page.locator('tbody tr td:nth-child(5)')  # the Total column
    texts = (await cells.all_inner_texts())[:10]
    euros = [amount(text) for text in texts if '€' in text]  # currencies come grouped, euros first
    assert len(euros) >= 5 and euros == sorted(euros, reverse=True), texts
