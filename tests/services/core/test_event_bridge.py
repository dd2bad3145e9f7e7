"""The LISTEN/NOTIFY bridge against a real PostgreSQL: the other process is a plain asyncpg connection here."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import asyncpg
import pytest

from services.core.event_bridge import CHANNEL, MAX_PAYLOAD_BYTES, EventBridge
from services.core.events import (
    CustomerChanged,
    EventsResynced,
    UserAccessChanged,
    customer_changed,
    events_resynced,
    user_access_changed,
)
from tests.conftest import _asyncpg_url


class Other:
    """Another app process: listens on the channel and can notify with its own origin."""

    def __init__(self, connection: asyncpg.Connection) -> None:
        self.connection = connection
        self.heard: list[dict[str, Any]] = []
        self.sizes: list[int] = []

    def on_notification(self, _c: object, _pid: int, _channel: str, payload: str) -> None:
        self.sizes.append(len(payload.encode()))
        self.heard.append(json.loads(payload))

    async def send(self, payload: object) -> None:
        text = payload if isinstance(payload, str) else json.dumps(payload)
        await self.connection.execute('SELECT pg_notify($1, $2)', CHANNEL, text)

    def events(self) -> list[list[Any]]:
        return [event for message in self.heard if message.get('o') != 'other' for event in message.get('e', [])]


@pytest.fixture
async def other(postgres_database: str) -> AsyncIterator[Other]:
    connection = await asyncpg.connect(_asyncpg_url(postgres_database))
    peer = Other(connection)
    await connection.add_listener(CHANNEL, peer.on_notification)
    yield peer
    await connection.close()


@pytest.fixture
async def bridge(postgres_database: str) -> AsyncIterator[EventBridge]:
    running = EventBridge(postgres_database, check_every=2.0, first_retry=0.1)
    await running.start()
    assert running.listening
    yield running
    await running.stop()


@pytest.fixture
def heard() -> AsyncIterator[list[object]]:
    """What the subscribers of this process get: customer events, access changes and resync notices."""
    events: list[object] = []
    subscribers: list[tuple[Any, Callable[[Any], None]]] = [
        (customer_changed, events.append),
        (user_access_changed, events.append),
        (events_resynced, events.append),
    ]
    for topic, callback in subscribers:
        topic.subscribe(callback)
    yield events  # type: ignore[misc]
    for topic, callback in subscribers:
        topic.unsubscribe(callback)


async def test_a_published_event_reaches_the_other_process_as_ids_and_field_names(
    bridge: EventBridge, other: Other, heard: list[object]
) -> None:
    customer_changed.publish(CustomerChanged(7, 'C-00007', 'updated', ('city', 'email')))
    await _until(lambda: other.events())
    assert other.events() == [
        ['customer', {'customer_id': 7, 'number': 'C-00007', 'action': 'updated', 'fields': ['city', 'email']}]
    ]
    await asyncio.sleep(0.3)  # its own notification came back too, and was dropped
    assert heard == [CustomerChanged(7, 'C-00007', 'updated', ('city', 'email'))]


async def test_what_the_other_process_publishes_is_delivered_here_and_not_sent_again(
    bridge: EventBridge, other: Other, heard: list[object]
) -> None:
    await other.send(
        {
            'o': 'other',
            'e': [
                ['access', {'user_id': 3, 'ended': True}],
                ['customer', {'customer_id': 9, 'number': 'C-00009', 'action': 'archived'}],
            ],
        }
    )
    await _until(lambda: len(heard) == 2)
    assert heard == [UserAccessChanged(user_id=3, ended=True), CustomerChanged(9, 'C-00009', 'archived')]
    await asyncio.sleep(0.3)
    assert other.events() == []  # nothing echoed
    assert len(other.heard) == 1


async def test_malformed_or_unknown_notifications_are_ignored(
    bridge: EventBridge, other: Other, heard: list[object]
) -> None:
    for payload in ('not json', {'o': 'other'}, {'o': 'other', 'e': [['nope', {}], ['customer', {'customer_id': 'x'}]]},
                    {'o': 'other', 'e': [['customer', [1, 2]]]}):  # fmt: skip
        await other.send(payload)
    await other.send({'o': 'other', 'e': [['customer', {'customer_id': 1, 'number': 'C-00001', 'action': 'created'}]]})
    await _until(lambda: any(isinstance(event, CustomerChanged) and event.customer_id == 1 for event in heard))
    assert bridge.listening


async def test_a_bulk_change_travels_in_few_notifications_each_within_the_limit(
    bridge: EventBridge, other: Other
) -> None:
    for number in range(3000):
        customer_changed.publish(CustomerChanged(number, f'C-{number:05d}', 'archived'))
    await _until(lambda: len(other.events()) == 3000, timeout=20)
    assert [event[1]['customer_id'] for event in other.events()] == list(range(3000))
    assert max(other.sizes) <= MAX_PAYLOAD_BYTES
    assert len(other.heard) < 100


async def test_an_event_too_big_for_a_notification_makes_the_others_reload(bridge: EventBridge, other: Other) -> None:
    customer_changed.publish(CustomerChanged(1, 'C-00001', 'updated', tuple(f'field_{n}' for n in range(2000))))
    await _until(lambda: other.heard)
    assert other.heard == [{'o': bridge.origin, 'r': 1}]


async def test_a_cut_listening_connection_is_reopened_and_the_pages_told_to_reload(
    bridge: EventBridge, other: Other, heard: list[object]
) -> None:
    backend = bridge.server_pid()
    assert await other.connection.fetchval('SELECT pg_terminate_backend($1)', backend)
    await _until(lambda: any(isinstance(event, EventsResynced) for event in heard), timeout=10)
    assert bridge.listening and bridge.reconnects == 1 and bridge.server_pid() != backend

    await other.send({'o': 'other', 'e': [['customer', {'customer_id': 5, 'number': 'C-00005', 'action': 'created'}]]})
    await _until(lambda: CustomerChanged(5, 'C-00005', 'created') in heard)
    customer_changed.publish(CustomerChanged(6, 'C-00006', 'created'))
    await _until(lambda: other.events())


async def test_events_published_while_the_connection_is_down_are_sent_after_it_returns(
    bridge: EventBridge, other: Other
) -> None:
    await other.connection.fetchval('SELECT pg_terminate_backend($1)', bridge.server_pid())
    customer_changed.publish(CustomerChanged(8, 'C-00008', 'created'))  # likely queued while reconnecting
    await _until(lambda: other.events(), timeout=10)
    assert other.events() == [['customer', {'customer_id': 8, 'number': 'C-00008', 'action': 'created'}]]


async def _until(condition: Callable[[], object], *, timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.02)
