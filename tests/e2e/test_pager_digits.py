"""Counts in the pagers as the rest of the page writes them, in each language: Quasar's range text used the browser's
`toLocaleString`, which leaves four digits ungrouped in Spanish ("1-25 de 1120" under our own "1.120 clientes")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.async_api import Locator, Page, expect

from tests.e2e.conftest import serve_demo, sign_in

pytestmark = pytest.mark.e2e

CUSTOMERS = 1120


@pytest.fixture
def thousand_server(tmp_path: Path) -> Iterator[str]:
    yield from serve_demo(tmp_path, customers=CUSTOMERS)


def pager_text(page: Page) -> Locator:
    """The range text at the foot of the page's table (Quasar's pagination label)."""
    return page.locator('.q-table__bottom').get_by_text(re.compile(r'^\d+–\d+\D+\d[\d.,]*$'))


async def switch_to(page: Page, language: str) -> None:
    await page.locator('.q-header button', has=page.locator('i:text-is("account_circle")')).click()
    await page.locator('.q-menu').get_by_text(language).click()


@pytest.mark.parametrize(
    ('language', 'customers', 'total', 'group'),
    [
        ('Español', '1–25 de 1.120', '1.120 clientes', '.'),
        ('한국어', '1–25 / 전체 1,120', '고객 1,120명', ','),
    ],
)
async def test_the_pagers_group_digits_as_our_texts_do(
    thousand_server: str, page: Page, language: str, customers: str, total: str, group: str
) -> None:
    await sign_in(page, thousand_server, target='/customers')
    await expect(pager_text(page)).to_have_text('1–25 of 1,120')  # English, as before
    await expect(page.get_by_text('1,120 customers', exact=True)).to_be_visible()
    await switch_to(page, language)
    await expect(pager_text(page)).to_have_text(customers)  # the Customers grid (customer_grid.js)
    await expect(page.get_by_text(total, exact=True)).to_be_visible()  # our own count above the table
    # A plain ui.table with the shared pager (use_pager): the invoices of 1,120 demo customers are more than 999.
    await page.goto(thousand_server + '/invoices')
    big = re.escape(group).join([r'\d{1,3}', r'\d{3}'])
    await expect(pager_text(page)).to_have_text(re.compile(rf'^1–\d+\D+{big}\D*$'))
