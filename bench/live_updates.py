"""Many browsers with the table open, one of them editing cells: how soon the others show the change.

The server is the real app (`python main.py`) on a copy of the benchmark database. Each simulated browser speaks
NiceGUI's protocol like the page's JavaScript does: GET /customers, read `client_id` from the HTML, connect to
/_nicegui_ws/socket.io with an implicit handshake, keep the element tree from `update` messages, ack what it got.
The editor sends the grid's `cell_edit` event; the others time the `update` that carries the new value.
Server CPU and memory are read from /proc. The load generator shares the machine's cores with the server.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import secrets
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import socketio

from .dataset import DATA, create_admin, seed_environment

ACK_INTERVAL = 1.0


class Tab:
    """One simulated browser tab showing /customers."""

    def __init__(self, base: str, cookie: str) -> None:
        self.base = base
        self.cookie = cookie
        self.socket = socketio.AsyncClient(reconnection=False)
        self.socket.on('*', self._on_message)
        self.client_id = ''
        self.next_message_id = 0
        self.grid: dict[str, Any] | None = None
        self.grid_id = ''
        self.ready = asyncio.Event()
        self.watches: dict[str, asyncio.Future[float]] = {}
        self.acks: asyncio.Task[None] | None = None

    async def open(self) -> None:
        async with httpx.AsyncClient(cookies={'clientbook_session': self.cookie}) as http:
            html = (await http.get(f'{self.base}/customers')).text
        self.client_id = _find(r"'client_id': '([0-9a-f-]+)'", html)
        self.next_message_id = int(_find(r"'next_message_id': (\d+)", html))
        query = urlencode(
            {
                'client_id': self.client_id,
                'tab_id': str(uuid.uuid4()),
                'document_id': str(uuid.uuid4()),
                'next_message_id': self.next_message_id,
                'implicit_handshake': 'true',
            }
        )
        await self.socket.connect(
            f'{self.base}/?{query}',
            socketio_path='/_nicegui_ws/socket.io',
            transports=['websocket'],
            headers={'Origin': self.base},
        )
        self.acks = asyncio.create_task(self._ack())

    async def close(self) -> None:
        if self.acks:
            self.acks.cancel()
        await self.socket.disconnect()

    def watch(self, city: str) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.watches[city] = future
        return future

    async def edit_city(self, row: dict[str, Any], city: str, request: int) -> None:
        assert self.grid is not None
        listener = next(event['listener_id'] for event in self.grid['events'] if event['type'] == 'cell_edit')
        payload = {
            'req': request,
            'id': row['id'],
            'field': 'city',
            'value': city,
            'version': row['version'],
            'seen': row['city'],
        }
        message = {
            'id': int(self.grid_id),
            'client_id': self.client_id,
            'listener_id': listener,
            'args': [json.dumps(payload)],
        }
        await self.socket.emit('event', message)

    @property
    def rows(self) -> list[dict[str, Any]]:
        return self.grid['props']['rows'] if self.grid else []

    async def _on_message(self, event: str, data: Any) -> None:
        if isinstance(data, dict) and '_id' in data:
            self.next_message_id = max(self.next_message_id, data['_id'] + 1)
        if event != 'update':
            return
        arrived = time.perf_counter()
        for element_id, element in data.items():
            if isinstance(element, dict) and any(e.get('type') == 'cell_edit' for e in element.get('events', [])):
                self.grid_id, self.grid = element_id, element
                self.ready.set()
                for row in element['props']['rows']:
                    if (future := self.watches.pop(row['city'], None)) and not future.done():
                        future.set_result(arrived)

    async def _ack(self) -> None:
        while True:
            await asyncio.sleep(ACK_INTERVAL)
            await self.socket.emit('ack', {'client_id': self.client_id, 'next_message_id': self.next_message_id})


async def run(data_dir: Path, *, clients: int, edits: int, port: int) -> None:
    work = DATA / 'live'
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    shutil.copy(data_dir / 'clientbook.sqlite3', work / 'clientbook.sqlite3')
    base = f'http://127.0.0.1:{port}'
    log = (work / 'server.log').open('w')
    env = seed_environment(data_dir=str(work), host='127.0.0.1', port=str(port))
    cookie = _signed_in_session(work, env)
    server = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name('serve.py'))], cwd=work, env=env, stdout=log, stderr=log
    )
    tabs: list[Tab] = []
    try:
        await _wait_until_serving(base, server)
        editor = Tab(base, cookie)
        await editor.open()
        await asyncio.wait_for(editor.ready.wait(), 10)
        tabs.append(editor)
        await asyncio.sleep(2)
        before = await _memory(base, cookie)
        observers = [Tab(base, cookie) for _ in range(clients - 1)]
        for start in range(0, len(observers), 10):
            await asyncio.gather(*(tab.open() for tab in observers[start : start + 10]))
        tabs += observers
        await asyncio.wait_for(asyncio.gather(*(tab.ready.wait() for tab in observers)), 60)
        await asyncio.sleep(3)
        after = await _memory(base, cookie)
        rss_per_tab = (after['rss_kib'] - before['rss_kib']) / len(observers)
        untrimmed_per_tab = (after['untrimmed_rss_kib'] - before['untrimmed_rss_kib']) / len(observers)
        traced_per_tab = (after.get('traced_kib', 0) - before.get('traced_kib', 0)) / len(observers)

        latencies: list[float] = []
        cpu_before = _cpu_seconds(server.pid)
        for i in range(edits):
            row = editor.rows[i % len(editor.rows)]
            city = f'Bench {i} {uuid.uuid4().hex[:6]}'
            seen = [tab.watch(city) for tab in tabs]
            sent = time.perf_counter()
            await editor.edit_city(row, city, request=i + 1)
            arrivals = await asyncio.wait_for(asyncio.gather(*seen), 10)
            latencies += [(arrived - sent) * 1000 for arrived in arrivals[1:]]  # the observers, not the editor
            await asyncio.sleep(0.05)
        cpu_per_edit = (_cpu_seconds(server.pid) - cpu_before) / edits * 1000
        ordered = sorted(latencies)
        p50, p95 = statistics.median(ordered), ordered[round(len(ordered) * 0.95) - 1]
        print(f'\nLive updates: {clients} simulated browsers on /customers, one edits a city {edits} times')
        others = len(observers)
        print(f'  time until the other {others} show it: p50 {p50:.1f} ms, p95 {p95:.1f} ms (target p95 <= 150 ms)')
        print(f'  server CPU per edit: {cpu_per_edit:.1f} ms (the save, the audit entry and {clients} table updates)')
        print(f'  server memory per open tab: {rss_per_tab:.0f} KiB RSS after gc and malloc_trim (target <= 512 KiB);')
        print(f'    {untrimmed_per_tab:.0f} KiB before the trim (the allocator still holds garbage of the page builds)')
        if traced_per_tab:
            print(f'  Python allocations per open tab (tracemalloc): {traced_per_tab:.0f} KiB')
            for where, kib in after['top']:
                print(f'    {kib:8,} KiB  {where}')
    finally:
        for tab in tabs:
            await tab.close()
        server.terminate()
        server.wait(timeout=10)
        log.close()


def _signed_in_session(work: Path, env: dict[str, str]) -> str:
    """An admin account (created the documented way, unless the database has it) and a session for it, as a
    browser would hold after login."""
    with sqlite3.connect(work / 'clientbook.sqlite3') as db:
        exists = db.execute("SELECT 1 FROM app_user WHERE email = 'bench@team.example'").fetchone()
    if not exists:
        create_admin(env, 'bench@team.example', 'bench password 1234', cwd=work)
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    with sqlite3.connect(work / 'clientbook.sqlite3') as db:
        user_id = db.execute("SELECT id FROM app_user WHERE email = 'bench@team.example'").fetchone()[0]
        db.execute(
            'INSERT INTO session (token_hash, user_id, created_at, last_seen_at, expires_at, client_address) '
            'VALUES (?, ?, ?, ?, ?, ?)',
            (
                hashlib.sha256(token.encode()).hexdigest(),
                user_id,
                now.isoformat(),
                now.isoformat(),
                (now + timedelta(hours=2)).isoformat(),
                '127.0.0.1',
            ),
        )
    return token


async def _wait_until_serving(base: str, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient() as http:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise RuntimeError('the server exited; see bench/data/live/server.log')
            try:
                if (await http.get(f'{base}/login', timeout=2)).status_code == 200:
                    return
            except httpx.HTTPError:
                await asyncio.sleep(0.3)
    raise RuntimeError('the server did not start')


def _find(pattern: str, text: str) -> str:
    match = re.search(pattern, text)
    if match is None:
        raise RuntimeError(f'{pattern!r} not found in the page')
    return match.group(1)


async def _memory(base: str, cookie: str) -> dict[str, Any]:
    """RSS after garbage collection and malloc_trim, from the probe in bench/serve.py."""
    async with httpx.AsyncClient(cookies={'clientbook_session': cookie}) as http:
        result: dict[str, Any] = (await http.get(f'{base}/_bench/memory', timeout=30)).json()
        return result


def _cpu_seconds(pid: int) -> float:
    fields = Path(f'/proc/{pid}/stat').read_text().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')
