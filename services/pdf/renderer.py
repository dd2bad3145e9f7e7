"""Rendering PDFs off the event loop, in a small pool of worker processes.

Why processes: layout and font subsetting are pure-Python CPU work; in a thread they would still hold the GIL and
stall every connected browser. The services may not import NiceGUI (so no `run.cpu_bound`), and the outbox worker
needs the same path as the UI's downloads, so the services own one `ProcessPoolExecutor`. It uses `spawn` (a fork
of a process that runs an event loop and threads is unsafe); each worker process parses its fonts once and keeps
them, so a warm render costs milliseconds.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from services.pdf.invoice_pdf import InvoiceDocument, render_invoice_pdf

A = TypeVar('A')
R = TypeVar('R')


class PdfRenderer:
    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or max(1, min(2, os.cpu_count() or 1))
        self._pool: ProcessPoolExecutor | None = None

    async def render(self, document: InvoiceDocument) -> bytes:
        return await self.run(render_invoice_pdf, document)

    async def run(self, function: Callable[[A], R], argument: A) -> R:
        """Run a module-level function in a worker process (argument and result must be picklable)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._ensure_pool(), function, argument)

    async def warm_up(self) -> None:
        """Start the worker processes and load the fonts before the first real invoice needs them."""
        warm = InvoiceDocument('0000-0000', '', '', 'EUR', {}, {'name': '가 é 中 ก क א ع'}, [], [], '0', '0', '0')
        await asyncio.gather(*(self.render(warm) for _ in range(self.workers)))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def _ensure_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context('spawn'))
        return self._pool
