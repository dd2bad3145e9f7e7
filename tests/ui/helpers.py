"""Helpers for UI stories."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


async def eventually(condition: Callable[[], bool], *, timeout: float = 3.0) -> None:
    """Wait until `condition()` holds (the UI updates asynchronously); fail after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f'condition still false after {timeout} s')
        await asyncio.sleep(0.05)
