"""The outbox with two app processes on one PostgreSQL database: every queued message reaches the server once."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.transactions import in_transaction

from models import MessageKind, MessageStatus, OutboxMessage
from services.core.db import tortoise_config
from services.core.event_bridge import bridged_events
from services.core.events import OutboxChanged, outbox_changed
from services.mail.compose import EmailContent
from services.mail.outbox import enqueue
from tests.e2e.processes import cluster
from tests.mail_server import MailServer

pytestmark = pytest.mark.e2e
MESSAGES = 500


async def test_two_processes_deliver_each_of_500_messages_exactly_once(tmp_path: Path) -> None:
    with MailServer() as server:
        extra = [
            {'smtp_host': '127.0.0.1', 'smtp_port': str(server.port), 'smtp_starttls': 'false', 'mail_from': sender}
            for sender in ('Process A <a@processes.example>', 'Process B <b@processes.example>')
        ]
        with cluster(tmp_path, processes=2, customers=0, extra=extra) as running:
            EXECUTOR_CACHE.clear()
            await Tortoise.init(config=tortoise_config(running.database_url), _enable_global_fallback=True)
            try:
                async with bridged_events(running.database_url):  # a third process that queues the mail
                    async with in_transaction() as conn:
                        for number in range(MESSAGES):
                            await enqueue(
                                conn,
                                kind=MessageKind.TEST,
                                key=f'processes:{number}',
                                invoice_id=None,
                                sender='',  # each process signs with its own CLIENTBOOK_MAIL_FROM
                                recipient=f'customer{number}@example.org',
                                content=EmailContent(f'Message {number}', f'Body {number}', f'<p>Body {number}</p>'),
                                message_id=f'<processes-{number}@clientbook.test>',
                                not_before=datetime.now(UTC),
                            )
                    outbox_changed.publish(OutboxChanged())  # wakes both workers through NOTIFY
                    await _wait_for(lambda: len(server.handler.accepted) >= MESSAGES, timeout=180)
                    await asyncio.sleep(3)  # time for any second copy to show up
                sent = await OutboxMessage.filter(status=MessageStatus.SENT).count()
            finally:
                await Tortoise.close_connections()

    messages = server.handler.messages()
    ids = Counter(str(message['Message-ID']) for message in messages)
    assert len(messages) == MESSAGES
    assert [key for key, count in ids.items() if count > 1] == []
    assert set(ids) == {f'<processes-{number}@clientbook.test>' for number in range(MESSAGES)}
    assert sent == MESSAGES
    senders = Counter(str(message['From']) for message in messages)
    assert len(senders) == 2, senders  # both processes took part
    print(f'\nsent by each process: {dict(senders)}')


async def _wait_for(condition: object, *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError('timed out')
        await asyncio.sleep(0.2)
