"""Rendering PDFs off the event loop, in a small pool of worker processes.

Why processes: layout and font subsetting are pure-Python CPU work; in a thread they would still hold the GIL and
stall every connected browser. The services may not import NiceGUI (so no `run.cpu_bound`), and the outbox worker
needs the same path as the UI's downloads, so the services own one `ProcessPoolExecutor`. It uses `spawn` (a fork
of a process that runs an event loop and threads is unsafe); each worker process parses its fonts once and keeps
them, so a warm render costs milliseconds.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from services.pdf.invoice_document import InvoiceDocument

A = TypeVar('A')
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def end_with_parent(parent: int) -> None:
    """In a worker process: die with the app (a kill -9 of the app must not leave rendering processes behind).

    Linux delivers SIGKILL to this process when its parent ends (prctl PR_SET_PDEATHSIG); if the parent is already
    gone when this runs, exit at once. Elsewhere a thread watches the parent instead.
    """
    try:
        libc = ctypes.CDLL(ctypes.util.find_library('c') or 'libc.so.6', use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), 'prctl')
    except (OSError, AttributeError):
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name='watch parent').start()
    if os.getppid() != parent:
        os._exit(0)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def render_invoice(document: InvoiceDocument) -> bytes:
    """In a worker process: the invoice's PDF. Importing ReportLab here keeps it out of the app's own process (its
    start-up and event loop); each worker loads it once, with its fonts."""
    from services.pdf.invoice_pdf import render_invoice_pdf

    return render_invoice_pdf(document)


R = TypeVar('R')


class PdfRenderer:
    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or max(1, min(2, os.cpu_count() or 1))
        self._pool: ProcessPoolExecutor | None = None

    async def render(self, document: InvoiceDocument) -> bytes:
        return await self.run(render_invoice, document)

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
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context('spawn'),
                initializer=end_with_parent,
                initargs=(os.getpid(),),
            )
        return self._pool
