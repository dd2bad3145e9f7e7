"""Reads someone is waiting for go before reads nobody is waiting for.

When a customer changes, every open table reloads its page: with ten tables open, ten list queries start at the same
moment. On SQLite the app has one connection (Tortoise serialises every statement), on PostgreSQL a small pool and two
cores, so a user who clicks at that moment would wait behind all ten. Reloads of that kind are *background* reads:
they run one at a time and start only while no *foreground* read (a click, a keystroke, a page opening) runs. A
foreground read then waits for at most the one background read already running (bench/list_contention.py).
A background read waits at most MAX_WAIT for the foreground ones, so that a busy office still sees its live updates.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

MAX_WAIT = 0.5  # seconds a background read yields to foreground reads before running anyway


class ReadPriority:
    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._foreground = 0
        self._idle = asyncio.Event()
        self._turn = asyncio.Lock()

    def _bind(self) -> None:
        """asyncio primitives belong to one event loop: start afresh on another (tests run one loop per test)."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._loop, self._foreground = loop, 0
            self._idle, self._turn = asyncio.Event(), asyncio.Lock()
            self._idle.set()

    @contextlib.asynccontextmanager
    async def foreground(self) -> AsyncIterator[None]:
        self._bind()
        self._foreground += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._foreground -= 1
            if not self._foreground:
                self._idle.set()

    @contextlib.asynccontextmanager
    async def background(self) -> AsyncIterator[None]:
        self._bind()
        async with self._turn:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._idle.wait(), MAX_WAIT)
            yield


reads = ReadPriority()
