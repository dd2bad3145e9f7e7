"""The customer table's pager and header sort in a real browser: what the pager says, the rows and the URL follow
the server's answers (issue 16: the pager kept saying "1-25 of 500" and a second click on a header did not sort
descending, which the simulated-user tests could not see because they do not run the page's JavaScript)."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.async_api import Locator, Page, expect

from services.core.values.validation import name_key
from tests.e2e.conftest import serve_demo, sign_in

pytestmark = pytest.mark.e2e

CUSTOMERS = 120  # C-00001 ... C-00120: five pages of 25, three of 50, two of 100
ALL_COLUMNS = 'number,name,email,phone,postal_code,city,country,categories,created'
# Cell index of each sortable column with ALL_COLUMNS shown (cell 0 is the selection box).
SORTABLE = {
    'number': (1, 'Number'),
    'name': (2, 'Name'),
    'email': (3, 'Email'),
    'phone': (4, 'Phone'),
    'postal_code': (5, 'Postal code'),
    'city': (6, 'City'),
    'country': (7, 'Country'),
    'categories': (8, 'Categories'),
    'created': (9, 'Created'),
}
# Columns whose shown text orders like the stored sort key (the others, phone, categories and the created date as
# the user's locale shows it, are checked by reversal only).
TEXT_ORDER: dict[str, Callable[[str], str]] = {
    'number': str,
    'name': lambda shown: name_key(shown.removesuffix('edit')),  # the cell ends with its edit icon's name
    'email': str,
    'postal_code': str,
    'city': str,
    'country': str,
}


@pytest.fixture
def paged_server(tmp_path: Path) -> Iterator[str]:
    yield from serve_demo(tmp_path, customers=CUSTOMERS)


def pager(page: Page) -> Locator:
    return page.locator('.q-table__bottom').get_by_text(re.compile(r'^\d[\d,]*–\d[\d,]* of \d[\d,]*$'))


def nav(page: Page, icon: str) -> Locator:
    """A pager button by its icon: first_page, chevron_left, chevron_right, last_page."""
    return page.locator('.q-table__bottom button', has=page.locator(f'i:text-is("{icon}")'))


def numbers(page: Page) -> Locator:
    return page.locator('tbody tr td:nth-child(2)')


def url_params(page: Page) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(page.url).query).items()}


async def eventually(check: Callable[[], Awaitable[bool]], what: str, timeout: float = 10) -> None:
    """Poll `check` until it holds (the machine is loaded: wait for what shows late instead of sleeping)."""
    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f'not seen within {timeout} s: {what}')
        await asyncio.sleep(0.05)


async def expect_view(page: Page, *, label: str, first: str, rows: int, params: dict[str, str]) -> None:
    """The pager text, the first row's number, the number of rows and the URL's query, all at once."""
    await expect(pager(page)).to_have_text(label)
    await expect(numbers(page)).to_have_count(rows)
    await expect(numbers(page).first).to_have_text(first)
    await eventually(lambda: _same(url_params(page), params), f'URL query {params} (is {page.url})')


async def _same(a: dict[str, str], b: dict[str, str]) -> bool:
    return a == b


async def test_paging_forward_and_back_first_and_last_page(paged_server: str, page: Page) -> None:
    await sign_in(page, paged_server, target='/customers')
    await expect_view(page, label='1–25 of 120', first='C-00120', rows=25, params={})

    for page_number in (2, 3, 4):  # "next" from page 1 goes on past page 2
        await nav(page, 'chevron_right').click()
        start = (page_number - 1) * 25
        await expect_view(
            page,
            label=f'{start + 1}–{start + 25} of 120',
            first=f'C-{120 - start:05d}',
            rows=25,
            params={'page': str(page_number)},
        )

    await nav(page, 'chevron_left').click()
    await expect_view(page, label='51–75 of 120', first='C-00070', rows=25, params={'page': '3'})

    await nav(page, 'last_page').click()
    await expect_view(page, label='101–120 of 120', first='C-00020', rows=20, params={'page': '5'})
    await expect(nav(page, 'chevron_right')).to_be_disabled()
    await nav(page, 'chevron_left').click()
    await expect_view(page, label='76–100 of 120', first='C-00045', rows=25, params={'page': '4'})

    await nav(page, 'first_page').click()
    await expect_view(page, label='1–25 of 120', first='C-00120', rows=25, params={})
    await expect(nav(page, 'chevron_left')).to_be_disabled()


async def test_a_deep_page_by_url_then_paging_from_there(paged_server: str, page: Page) -> None:
    await sign_in(page, paged_server, target='/customers?page=4')
    await expect_view(page, label='76–100 of 120', first='C-00045', rows=25, params={'page': '4'})
    await nav(page, 'chevron_right').click()
    await expect_view(page, label='101–120 of 120', first='C-00020', rows=20, params={'page': '5'})
    # Past the end by URL: the last page, and the pager says so.
    await page.goto(paged_server + '/customers?page=9')
    await expect_view(page, label='101–120 of 120', first='C-00020', rows=20, params={'page': '5'})


async def test_rows_per_page(paged_server: str, page: Page) -> None:
    await sign_in(page, paged_server, target='/customers')
    await nav(page, 'chevron_right').click()
    await expect_view(page, label='26–50 of 120', first='C-00095', rows=25, params={'page': '2'})

    for per_page in (50, 100, 25):
        await page.locator('.q-table__bottom .q-select').click()
        await page.locator('.q-menu .q-item', has_text=re.compile(f'^{per_page}$')).click()
        params = {} if per_page == 25 else {'per': str(per_page)}
        # A new page size starts again at page 1.
        await expect_view(page, label=f'1–{per_page} of 120', first='C-00120', rows=per_page, params=params)
        await nav(page, 'chevron_right').click()
        second_end = min(2 * per_page, 120)
        await expect_view(
            page,
            label=f'{per_page + 1}–{second_end} of 120',
            first=f'C-{120 - per_page:05d}',
            rows=second_end - per_page,
            params=params | {'page': '2'},
        )
        await nav(page, 'chevron_left').click()
        await expect_view(page, label=f'1–{per_page} of 120', first='C-00120', rows=per_page, params=params)


async def test_a_search_changes_the_total_and_the_pager_follows(paged_server: str, page: Page) -> None:
    await sign_in(page, paged_server, target='/customers')
    await nav(page, 'last_page').click()
    await expect_view(page, label='101–120 of 120', first='C-00020', rows=20, params={'page': '5'})

    search = page.get_by_placeholder('Search name, number, email, phone, tax ID, city…')
    await search.fill('C-0001')  # C-00010 ... C-00019
    await expect_view(page, label='1–10 of 10', first='C-00019', rows=10, params={'q': 'C-0001'})
    await expect(page.get_by_text('10 customers found')).to_be_visible()
    await expect(nav(page, 'chevron_right')).to_have_count(0)  # one page: no paging buttons

    await search.fill('C-001')  # C-00100 ... C-00120: one page at 25
    await expect_view(page, label='1–21 of 21', first='C-00120', rows=21, params={'q': 'C-001'})
    await expect(page.get_by_text('21 customers found')).to_be_visible()

    await search.fill('')
    await expect_view(page, label='1–25 of 120', first='C-00120', rows=25, params={})
    await expect(page.get_by_text('120 customers', exact=True)).to_be_visible()
    await nav(page, 'chevron_right').click()
    await expect_view(page, label='26–50 of 120', first='C-00095', rows=25, params={'page': '2'})


async def test_each_header_sorts_ascending_then_descending(paged_server: str, page: Page) -> None:
    await sign_in(page, paged_server, target=f'/customers?per=100&cols={ALL_COLUMNS}&q=C-000')  # C-00001 ... C-00099
    await expect(pager(page)).to_have_text('1–99 of 99')
    base = {'per': '100', 'cols': ALL_COLUMNS, 'q': 'C-000'}

    for sort, (cell, label) in SORTABLE.items():
        await _sort_both_ways(page, sort, cell, label, base)


async def _sort_both_ways(page: Page, sort: str, cell: int, label: str, base: dict[str, str]) -> None:
    """Click the header three times: ascending, descending (the same rows reversed), ascending again."""
    header = page.locator('thead th', has_text=label).first
    await header.click()
    await eventually(lambda: _same(url_params(page), base | {'sort': sort}), f'sort={sort} in {page.url}')
    ascending = await _column_once_sorted(page, header, descending=False)
    order = TEXT_ORDER.get(sort)
    if order is not None:
        shown = await page.locator(f'tbody tr td:nth-child({cell + 1})').all_inner_texts()
        assert shown == sorted(shown, key=order), f'{sort} ascending: {shown}'

    await header.click()
    expected = base if sort == 'number' else base | {'sort': f'-{sort}'}  # number descending is the default
    await eventually(lambda: _same(url_params(page), expected), f'sort=-{sort} in {page.url}')
    await eventually(lambda: _rows_are(page, list(reversed(ascending))), f'{sort} descending: ascending reversed')
    await expect(header).to_have_class(re.compile(r'\bsort-desc\b'))
    await expect(pager(page)).to_have_text('1–99 of 99')

    await header.click()  # and back to ascending: it toggles, it does not stick
    await eventually(lambda: _same(url_params(page), base | {'sort': sort}), f'sort={sort} again in {page.url}')
    await eventually(lambda: _rows_are(page, ascending), f'{sort} ascending again')


async def _column_once_sorted(page: Page, header: Locator, *, descending: bool) -> list[str]:
    await expect(header).to_have_class(re.compile(r'\bsorted\b'))
    if descending:
        await expect(header).to_have_class(re.compile(r'\bsort-desc\b'))
    else:
        await expect(header).not_to_have_class(re.compile(r'\bsort-desc\b'))
    await expect(numbers(page)).to_have_count(99)
    return await numbers(page).all_inner_texts()


async def _rows_are(page: Page, expected: list[str]) -> bool:
    return await numbers(page).all_inner_texts() == expected


async def test_sorting_on_a_later_page_starts_again_at_page_one(paged_server: str, page: Page) -> None:
    await sign_in(page, paged_server, target='/customers?page=3')
    await expect_view(page, label='51–75 of 120', first='C-00070', rows=25, params={'page': '3'})
    await page.locator('thead th', has_text='Number').first.click()
    await expect_view(page, label='1–25 of 120', first='C-00001', rows=25, params={'sort': 'number'})
    await nav(page, 'chevron_right').click()
    await expect_view(page, label='26–50 of 120', first='C-00026', rows=25, params={'sort': 'number', 'page': '2'})
    await page.locator('thead th', has_text='Number').first.click()
    await expect_view(page, label='1–25 of 120', first='C-00120', rows=25, params={})


async def test_the_first_page_of_rows_is_in_the_page_html(paged_server: str, page: Page) -> None:
    """Rows are painted with the page, not only after its JavaScript has started and the websocket has connected."""
    await sign_in(page, paged_server, target='/customers?page=2')
    response = await page.goto(paged_server + '/customers?page=2&sort=name')
    assert response is not None
    html = await response.text()
    await expect(numbers(page)).to_have_count(25)
    shown = await numbers(page).all_inner_texts()
    assert all(number in html for number in shown), 'the rows shown are in the HTML response'
    assert '26–50 of 120' in html  # the static first paint's pager (first_paint.py) says it before the JavaScript
