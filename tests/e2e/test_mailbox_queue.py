"""In a real browser: a failed message far down the outgoing queue is reached through the state filter and paging
(the queue used to show only the newest 50), and retried from there."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.async_api import Page, expect
from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.transactions import in_transaction

from models import MessageKind, MessageStatus, OutboxMessage
from services.core.db import tortoise_config
from services.mail.compose import EmailContent
from services.mail.outbox import enqueue
from tests.conftest import run_in_thread
from tests.e2e.conftest import _serve, choose_option, sign_in

pytestmark = pytest.mark.e2e
FAILED, SENT = 120, 180  # failed ones first (oldest): the needle is the oldest failed, on page 3 of "failed"


async def fill_queue(database: Path) -> None:
    EXECUTOR_CACHE.clear()
    await Tortoise.init(config=tortoise_config(f'sqlite://{database}'), _enable_global_fallback=True)
    try:
        async with in_transaction() as conn:
            for number in range(FAILED + SENT):
                recipient = 'needle@example.org' if number == 0 else f'customer{number}@example.org'
                await enqueue(
                    conn, kind=MessageKind.TEST, key=f'queue:{number}', invoice_id=None, sender='',
                    recipient=recipient, content=EmailContent(f'Message {number}', 'Body', '<p>Body</p>'),
                    message_id=f'<queue-{number}@clientbook.test>', not_before=datetime.now(UTC),
                )  # fmt: skip
        ids = [row.id for row in await OutboxMessage.all().order_by('id')]
        await OutboxMessage.filter(id__in=ids[:FAILED]).update(
            status=MessageStatus.FAILED, attempts=1, last_error='550 Mailbox unavailable'
        )
        await OutboxMessage.filter(id__in=ids[FAILED:]).update(status=MessageStatus.SENT, attempts=1)
    finally:
        await Tortoise.close_connections()


@pytest.fixture
def queue_server(tmp_path: Path, app_environment: Path) -> Iterator[str]:
    run_in_thread(fill_queue(app_environment / 'clientbook.sqlite3'))
    yield from _serve(tmp_path)


async def test_a_failed_message_on_page_3_is_reached_through_the_filter_and_retried(
    queue_server: str, page: Page
) -> None:
    await sign_in(page, queue_server, target='/mailbox')
    await page.get_by_role('tab', name='Outgoing queue').click()
    await expect(page.get_by_text(f'1–50 of {FAILED + SENT}')).to_be_visible()
    await expect(page.locator('tbody tr', has_text='needle@example.org')).to_have_count(0)

    await choose_option(page, 'State', 'failed', exact=True)
    await expect(page.get_by_text(f'1–50 of {FAILED}')).to_be_visible()
    await page.locator('.q-table__bottom button', has=page.locator('i:text-is("last_page")')).click()
    await expect(page.get_by_text(f'101–{FAILED} of {FAILED}')).to_be_visible()
    needle = page.locator('tbody tr', has_text='needle@example.org')
    await expect(needle).to_have_count(1)
    await expect(needle.get_by_text('550 Mailbox unavailable')).to_be_visible()

    await needle.get_by_role('button', name='Retry').click()
    await expect(page.get_by_text(f'101–{FAILED - 1} of {FAILED - 1}')).to_be_visible()  # no longer failed
    await expect(needle).to_have_count(0)
    await page.get_by_label('Recipient or invoice number').fill('needle')
    await choose_option(page, 'State', 'All states')
    await expect(page.locator('tbody tr', has_text='needle@example.org')).to_have_count(1)
    await expect(page.get_by_text('1–1 of 1')).to_be_visible()
