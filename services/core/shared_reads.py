"""Identical reads that overlap in time run once (many open tables refreshing after the same change)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar, cast

T = TypeVar('T')


class SharedReads:
    """Callers asking for the same key while its read runs share the result; nothing is kept afterwards.

    `invalidate()` (on every change) starts a new generation, so a read that began before a change is never handed
    to someone asking after it.
    """

    def __init__(self) -> None:
        self.generation = 0
        self._running: dict[tuple[int, Hashable], asyncio.Task[Any]] = {}

    def invalidate(self, *_: object) -> None:
        self.generation += 1

    async def get(self, key: Hashable, load: Callable[[], Awaitable[T]]) -> T:
        slot = (self.generation, key)
        task = self._running.get(slot)
        if task is None:
            task = asyncio.ensure_future(load())
            self._running[slot] = task
            task.add_done_callback(lambda _: self._running.pop(slot, None))
        # Shielded: one caller leaving (its page closed) does not cancel the read for the others.
        return cast(T, await asyncio.shield(task))
