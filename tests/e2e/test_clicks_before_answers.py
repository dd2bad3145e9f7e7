"""In a real browser: clicks on the lists' tables that come before the server has answered the previous one (a slow
link, or the page's websocket not yet connected) add up, as a person expects.

The table shows what the server answers; a second click used to be built on the old answer, so two boxes ticked
quickly selected one row (CI: "Merge…" never came) and "next" clicked twice went to page 2.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from tests.conftest import run_in_thread
from tests.e2e.conftest import _serve, hold_events, hold_websocket, serve_demo, sign_in
from tests.e2e.test_customer_pager import expect_view, nav, numbers, pager
from tests.e2e.test_mailbox_queue import fill_queue

pytestmark = pytest.mark.e2e


@pytest.fixture
def paged_server(tmp_path: Path) -> Iterator[str]:
    yield from serve_demo(tmp_path, customers=120)


@pytest.fixture
def queue_server(tmp_path: Path, app_environment: Path) -> Iterator[str]:
    """300 messages in the outgoing queue: six pages of 50."""
    run_in_thread(fill_queue(app_environment / 'clientbook.sqlite3'))
    yield from _serve(tmp_path)


async def open_held(page: Page, server: str, target: str) -> asyncio.Event:
    """Signed in, open `target` with its websocket held back: every click waits for the connection."""
    await sign_in(page, server, target='/')
    release = await hold_websocket(page)
    await page.goto(server + target)
    await page.locator('#cb-first-paint').wait_for(state='detached')  # the live customer table is there
    await page.locator('.q-table').first.wait_for()
    return release


async def test_two_boxes_ticked_before_an_answer_select_both(paged_server: str, page: Page) -> None:
    release = await open_held(page, paged_server, '/customers')
    boxes = [page.get_by_role('checkbox', name=re.compile(rf'^Select {number} ')) for number in ('C-00120', 'C-00119')]
    for box in boxes:
        await box.click()
        await expect(box).to_be_checked()  # shown at once, as asked for
    release.set()
    await expect(page.get_by_text(re.compile(r'^\d+ selected$'))).to_have_text('2 selected')
    await expect(page.get_by_role('button', name='Merge…')).to_be_visible()
    for box in boxes:
        await expect(box).to_be_checked()
    await boxes[0].click()
    await expect(page.get_by_text(re.compile(r'^\d+ selected$'))).to_have_text('1 selected')


async def test_next_clicked_twice_before_an_answer_goes_two_pages_on(paged_server: str, page: Page) -> None:
    release = await open_held(page, paged_server, '/customers')
    await expect(pager(page)).to_have_text('1–25 of 120')
    await nav(page, 'chevron_right').click()
    await expect(pager(page)).to_have_text('26–50 of 120')  # asked for, shown while the answer is on its way
    await nav(page, 'chevron_right').click()
    release.set()
    await expect_view(page, label='51–75 of 120', first='C-00070', rows=25, params={'page': '3'})


async def test_a_header_clicked_twice_before_an_answer_sorts_descending(paged_server: str, page: Page) -> None:
    release = await open_held(page, paged_server, '/customers')
    header = page.locator('thead th', has_text='Name').first
    await header.click()
    await expect(header).to_have_class(re.compile(r'\bsorted\b'))
    await header.click()
    await expect(header).to_have_class(re.compile(r'\bsort-desc\b'))
    release.set()
    await expect(page).to_have_url(re.compile(r'[?&]sort=-name$'))
    await expect(pager(page)).to_have_text('1–25 of 120')
    await expect(header).to_have_class(re.compile(r'\bsort-desc\b'))
    await page.wait_for_load_state('networkidle')
    shown = await numbers(page).all_inner_texts()

    await page.goto(paged_server + '/customers?sort=-name')  # the same view, opened afresh
    await page.locator('#cb-first-paint').wait_for(state='detached')
    await expect(numbers(page)).to_have_count(25)
    assert await numbers(page).all_inner_texts() == shown


@pytest.mark.parametrize(('path', 'per_page'), [('/invoices', 25), ('/settings/audit', 50)])
async def test_the_other_lists_go_two_pages_on_too(paged_server: str, page: Page, path: str, per_page: int) -> None:
    # The invoices and the audit log are ui.table in server mode (ui/common/server_table.py): the same fault. Their
    # pages come over the websocket, so the link is slowed once they are there.
    await sign_in(page, paged_server, target='/')
    events = await hold_events(page)
    await page.goto(paged_server + path)
    label = page.locator('.q-table__bottom').get_by_text(re.compile(r'^\d+–\d+ of \d+$'))
    first = await label.inner_text()
    total = int(first.rsplit(' ', 1)[1])
    assert first == f'1–{per_page} of {total}' and total > 2 * per_page, first
    third = f'{2 * per_page + 1}–{min(3 * per_page, total)} of {total}'
    next_page = page.locator('.q-table__bottom button', has=page.locator('i:text-is("chevron_right")'))
    events.holding = True
    await next_page.click()
    await expect(label).to_have_text(f'{per_page + 1}–{2 * per_page} of {total}')  # asked for, shown meanwhile
    await next_page.click()
    await expect(label).to_have_text(third)
    await events.holding_count(2)  # neither click has reached the server
    events.release()
    await expect(label).to_have_text(third)
    await page.wait_for_load_state('networkidle')
    await expect(label).to_have_text(third)


async def test_a_box_ticked_and_unticked_on_a_slow_link_ends_unticked(paged_server: str, page: Page) -> None:
    await sign_in(page, paged_server, target='/')
    events = await hold_events(page)
    await page.goto(paged_server + '/customers')
    await page.locator('#cb-first-paint').wait_for(state='detached')
    box = page.get_by_role('checkbox', name=re.compile(r'^Select C-00120 '))
    other = page.get_by_role('checkbox', name=re.compile(r'^Select C-00118 '))
    bar = page.get_by_text(re.compile(r'^\d+ selected$'))
    await other.click()
    await expect(bar).to_have_text('1 selected')  # connected and answered

    events.holding = True
    await box.click()
    await expect(box).to_be_checked()
    await box.click()  # built on the tick above, not on the server's answer (which has not come): an untick
    await expect(box).not_to_be_checked()
    await events.holding_count(2)  # neither click has reached the server
    events.release()
    await expect(bar).to_have_text('1 selected')
    await page.wait_for_load_state('networkidle')
    await expect(box).not_to_be_checked()
    await expect(other).to_be_checked()

    events.holding = True
    await page.get_by_role('checkbox', name='Select all rows').click()  # some rows are selected: it clears the page
    await expect(other).not_to_be_checked()
    await box.click()
    await events.holding_count(2)
    events.release()
    await expect(bar).to_have_text('1 selected')
    await page.wait_for_load_state('networkidle')
    await expect(box).to_be_checked()
    await expect(other).not_to_be_checked()


async def test_the_mailbox_pager_goes_two_pages_on_a_slow_link(queue_server: str, page: Page) -> None:
    await sign_in(page, queue_server, target='/')
    events = await hold_events(page)
    await page.goto(queue_server + '/mailbox')
    await page.get_by_role('tab', name='Outgoing queue').click()
    summary = page.get_by_text(re.compile(r'^\d+–\d+ of \d+$'))
    await expect(summary).to_have_text('1–50 of 300')
    next_page = page.locator('.q-table__bottom button', has=page.locator('i:text-is("chevron_right")'))
    events.holding = True
    await next_page.click()
    await next_page.click()
    await events.holding_count(2)  # neither click has reached the server
    events.release()
    await expect(summary).to_have_text('101–150 of 300')
    await page.wait_for_load_state('networkidle')
    await expect(summary).to_have_text('101–150 of 300')
