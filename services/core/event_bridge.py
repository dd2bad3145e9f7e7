"""Events between app processes on one PostgreSQL database, with LISTEN/NOTIFY (no broker of our own).

Every event a process publishes on a shared topic is delivered to its own subscribers at once (in `Topic.publish`)
and queued here; one asyncpg connection per process sends the queue with `pg_notify` and LISTENs on the same
channel. What a process hears from the others it hands to its subscribers with `Topic.deliver`, which never sends
anything on; its own notifications come back too and are dropped by their origin id. So nothing echoes.

Payloads are JSON, `{"o": origin, "e": [[topic, event], ...]}`, packed up to `MAX_PAYLOAD_BYTES` (PostgreSQL
refuses 8,000 bytes and more). Events published while the connection is down wait in a bounded queue.

When the connection is lost (PostgreSQL restarted, the backend was terminated, the network dropped) the bridge
notices at once (asyncpg's termination callback) or by a `SELECT 1` probe every `check_every` seconds that gets no
answer within `TIMEOUT` (a silently dropped network). It reconnects with a growing delay, LISTENs again, and then
publishes `events_resynced` locally: open pages reload what they show, because events of the other processes sent
in the gap are gone. If its own queue overflowed meanwhile, it asks the
other processes to do the same (`{"o": origin, "r": 1}`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg

from services.core.events import TOPICS, EventsResynced, Topic, add_forwarder, events_resynced, remove_forwarder
from services.core.pg import is_postgres, libpq_url

log = logging.getLogger(__name__)
CHANNEL = 'clientbook_events'
MAX_PAYLOAD_BYTES = 7_900
MAX_QUEUED = 10_000
TIMEOUT = 10.0  # for connecting, for a probe and for one notification: longer means the connection is gone
APPLICATION_NAME = 'clientbook events'  # how the listening connection shows in pg_stat_activity


class EventBridge:
    """One process's end of the channel. `start()` connects (or keeps trying in the background); `stop()` ends it."""

    def __init__(
        self,
        database_url: str,
        *,
        check_every: float = 5.0,
        first_retry: float = 0.2,
        max_retry: float = 5.0,
        name: str = APPLICATION_NAME,
    ) -> None:
        self.dsn = libpq_url(database_url)
        self.name = name
        self.origin = secrets.token_hex(6)
        self.check_every = check_every
        self.first_retry = first_retry
        self.max_retry = max_retry
        self.listening = False
        self.reconnects = 0
        self.sent = 0
        self.heard = 0
        self.last_lost_at: float | None = None
        self._queue: deque[tuple[str, Any]] = deque()
        self._overflowed = False
        self._wake = asyncio.Event()
        self._lost = asyncio.Event()
        self._stopping = False
        self._stopped = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._connection: asyncpg.Connection | None = None
        self._first = asyncio.Event()

    async def start(self, *, wait: float = 10.0) -> None:
        """Begin forwarding and listening; waits up to `wait` seconds for the first connection."""
        add_forwarder(self._forward)
        self._task = asyncio.create_task(self._run(), name='event bridge')
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._first.wait(), wait)

    async def stop(self) -> None:
        remove_forwarder(self._forward)
        self._stopping = True
        self._stopped.set()
        self._wake.set()
        self._lost.set()
        if self._task is not None:
            try:
                await asyncio.wait_for(self._task, 5)
            except TimeoutError:
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._task

    async def drop_connection(self) -> None:
        """Close the listening connection as if the network had failed (for tests and drills)."""
        if self._connection is not None:
            self._connection.terminate()
            self._lost.set()

    def server_pid(self) -> int | None:
        """The PostgreSQL backend of the listening connection (what `pg_terminate_backend` would end)."""
        connection = self._connection
        return connection.get_server_pid() if connection is not None and not connection.is_closed() else None

    def _forward(self, topic: Topic[Any], event: Any) -> None:
        if not topic.shared:
            return
        if len(self._queue) >= MAX_QUEUED:
            self._overflowed = True
            return
        self._queue.append((topic.name, topic.encode(event)))
        self._wake.set()

    async def _run(self) -> None:
        delay = self.first_retry
        missed = False  # events of other processes may have gone unheard
        while not self._stopping:
            try:
                connection = await self._open()
            except Exception as error:  # refused, timed out, authentication, ...: keep trying, never give up
                log.warning('event bridge: cannot reach PostgreSQL (%s); next try in %.1f s', error, delay)
                missed = True
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopped.wait(), delay)
                delay = min(delay * 2, self.max_retry)
                continue
            delay = self.first_retry
            self.listening = True
            self._first.set()
            if missed:
                self.reconnects += 1
                log.info('event bridge: listening again; open pages reload their data')
                events_resynced.deliver(EventsResynced('reconnected'))
            missed = True
            try:
                await self._serve(connection)
            except Exception as error:  # closed, terminated, or asyncpg's protocol state broken by the termination
                if not self._stopping:
                    log.warning('event bridge: lost the listening connection (%s); reconnecting', error)
            finally:
                self.listening = False
                self.last_lost_at = time.monotonic()
                self._connection = None
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(connection.close(), 2)
                if not connection.is_closed():
                    connection.terminate()

    async def _open(self) -> asyncpg.Connection:
        connection = await asyncio.wait_for(
            asyncpg.connect(self.dsn, server_settings={'application_name': self.name}), TIMEOUT
        )
        self._lost.clear()
        connection.add_termination_listener(lambda closed: self._lost.set() if closed is self._connection else None)
        self._connection = connection
        try:
            await asyncio.wait_for(connection.add_listener(CHANNEL, self._heard), TIMEOUT)
        except BaseException:
            self._connection = None
            connection.terminate()
            raise
        return connection

    async def _serve(self, connection: asyncpg.Connection) -> None:
        """Send what is queued; between sends, probe the connection every `check_every` seconds."""
        if self._overflowed:
            await self._notify(connection, json.dumps({'o': self.origin, 'r': 1}))
            self._overflowed = False
        while not self._stopping:
            if connection.is_closed() or self._lost.is_set():
                raise ConnectionError('connection closed')
            if self._queue:
                await self._send_queued(connection)
                continue
            self._wake.clear()
            woken = asyncio.create_task(self._wake.wait())
            lost = asyncio.create_task(self._lost.wait())
            done, pending = await asyncio.wait({woken, lost}, timeout=self.check_every, return_when='FIRST_COMPLETED')
            for task in pending:
                task.cancel()
            if not done:
                await asyncio.wait_for(connection.fetchval('SELECT 1'), TIMEOUT)

    async def _send_queued(self, connection: asyncpg.Connection) -> None:
        batch: list[tuple[str, Any]] = []
        size = len(json.dumps({'o': self.origin, 'e': []}))
        while self._queue:
            encoded = json.dumps(list(self._queue[0]), separators=(',', ':'))
            if len(encoded.encode()) + size + 1 > MAX_PAYLOAD_BYTES:
                if not batch:  # one event too big for a notification: the others reload everything instead
                    self._queue.popleft()
                    await self._notify(connection, json.dumps({'o': self.origin, 'r': 1}))
                    return
                break
            batch.append(self._queue.popleft())
            size += len(encoded.encode()) + 1
        payload = json.dumps({'o': self.origin, 'e': batch}, separators=(',', ':'))
        try:
            await self._notify(connection, payload)
        except BaseException:
            self._queue.extendleft(reversed(batch))  # not sent: first in line after the reconnect
            raise
        self.sent += len(batch)

    async def _notify(self, connection: asyncpg.Connection, payload: str) -> None:
        await asyncio.wait_for(connection.execute('SELECT pg_notify($1, $2)', CHANNEL, payload), TIMEOUT)

    def _heard(self, _connection: object, _pid: int, _channel: str, payload: str) -> None:
        try:
            message = json.loads(payload)
            if message.get('o') == self.origin:
                return
            if message.get('r'):
                events_resynced.deliver(EventsResynced('another process lost events'))
                return
            events = [(TOPICS[name], data) for name, data in message['e'] if name in TOPICS and TOPICS[name].shared]
        except (ValueError, TypeError, KeyError, AttributeError):
            log.warning('event bridge: ignored a malformed notification')
            return
        for topic, data in events:
            try:
                event = topic.decode(data)
            except (TypeError, ValueError):
                log.warning('event bridge: ignored a malformed %s event', topic.name)
                continue
            self.heard += 1
            topic.deliver(event)


_current: EventBridge | None = None


def current_bridge() -> EventBridge | None:
    """The running bridge of this process (None with SQLite, or before start-up)."""
    return _current


@asynccontextmanager
async def bridged_events(database_url: str, *, port: int = 0) -> AsyncIterator[EventBridge | None]:
    """Run the bridge for the app's lifetime when the database is PostgreSQL; SQLite keeps events in-process.

    `port`: the app's HTTP port, appended to the connection's application_name (`clientbook events :8080`).
    """
    global _current
    if not is_postgres(database_url):
        yield None
        return
    bridge = EventBridge(database_url, name=f'{APPLICATION_NAME} :{port}' if port else APPLICATION_NAME)
    await bridge.start()
    _current = bridge
    try:
        yield bridge
    finally:
        _current = None
        await bridge.stop()
