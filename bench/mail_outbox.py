"""Outbox throughput to a loopback SMTP server, every message with its invoice PDF (target: >= 50 messages/s)."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from tortoise import Tortoise

from models import MessageStatus, OutboxMessage
from services.core.db import tortoise_config
from services.mail.smtp import SmtpTarget
from services.mail.worker import OutboxWorker
from services.pdf.renderer import PdfRenderer

from .mail_common import SmtpSink, seed_invoices

MESSAGES = 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / 'bench.sqlite3'
        started = time.perf_counter()
        asyncio.run(seed_invoices(database, MESSAGES))
        print(f'queued {MESSAGES} invoice emails in {time.perf_counter() - started:.1f} s (setup, not measured)')
        with SmtpSink() as sink:
            asyncio.run(_drain(database, sink.port))


async def _drain(database: Path, port: int) -> None:
    await Tortoise.init(config=tortoise_config(f'sqlite://{database}'), _enable_global_fallback=True)
    renderer = PdfRenderer()
    try:
        await renderer.warm_up()
        worker = OutboxWorker(target=lambda: SmtpTarget('127.0.0.1', port, timeout=30), renderer=renderer)
        started = time.perf_counter()
        while await worker.run_once():
            pass
        elapsed = time.perf_counter() - started
        sent = await OutboxMessage.filter(status=MessageStatus.SENT).count()
        print(
            f'outbox -> loopback SMTP: {sent} of {MESSAGES} messages with PDF sent in {elapsed:.2f} s '
            f'= {sent / elapsed:.0f} messages/s (target: >= 50/s)'
        )
    finally:
        renderer.close()
        await Tortoise.close_connections()
