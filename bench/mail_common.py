"""Shared pieces of the mail benchmarks: a throw-away database with invoices, and an SMTP sink in its own process."""

from __future__ import annotations

import asyncio
import multiprocessing
import socket
import statistics
import time
from collections.abc import Callable
from datetime import date
from multiprocessing.synchronize import Event
from pathlib import Path

from tortoise import Tortoise

from services.core.actors import SYSTEM
from services.core.db import apply_migrations, tortoise_config
from services.customers.drafts import CustomerDraft
from services.customers.registration import create_customer
from services.invoicing.drafts import InvoiceDraft, LineDraft
from services.invoicing.invoices import create_invoice

NAMES = ['김민준', 'José Peña Müller', 'Łucja Żółkiewska', 'Ærø Østergård', 'Ελένη Παπαδοπούλου', '山田 太郎']


def lines() -> list[LineDraft]:
    return [
        LineDraft(description='Beratung — Łódź office', quantity='2', unit='h', unit_price='90', vat_rate='19'),
        LineDraft(description='Brötchen 장미 東京', quantity='12', unit='pcs', unit_price='0.45', vat_rate='7'),
        LineDraft(description='Setup fee', quantity='1', unit_price='49.90', vat_rate='19'),
        LineDraft(description='Delivery', quantity='1', unit_price='5', vat_rate='7'),
        LineDraft(description='Support (monthly)', quantity='3', unit='mo', unit_price='29', vat_rate='19'),
    ]


async def seed_invoices(database: Path, count: int) -> None:
    """A migrated SQLite database with `count` invoices, each with its email queued (reminders off)."""
    url = f'sqlite://{database}'
    await apply_migrations(tortoise_config(url))
    await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)
    try:
        customers = []
        for index, name in enumerate(NAMES):
            draft = CustomerDraft(
                name=name, email=f'customer{index}@example.com', phone='+49 30 1234567', street='Hauptstraße 5',
                postal_code='10115', city='Berlin', country='DE',
            )  # fmt: skip
            customers.append(await create_customer(by=SYSTEM, draft=draft))
        for index in range(count):
            customer = customers[index % len(customers)]
            await create_invoice(
                customer_number=customer.number, draft=InvoiceDraft(lines=lines(), reminders=False),
                request_key=f'bench-{index}', by=SYSTEM,
            )  # fmt: skip
    finally:
        await Tortoise.close_connections()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return int(sock.getsockname()[1])


def _sink(port: int, ready: Event, stop: Event) -> None:
    from aiosmtpd.controller import Controller

    class Accept:
        async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
            return '250 OK'

    controller = Controller(Accept(), hostname='127.0.0.1', port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


class SmtpSink:
    """An aiosmtpd server that accepts everything, in a separate process (it must not share the app's CPU loop)."""

    def __init__(self) -> None:
        self.port = free_port()
        context = multiprocessing.get_context('spawn')
        self._ready, self._stop = context.Event(), context.Event()
        self._process = context.Process(target=_sink, args=(self.port, self._ready, self._stop), daemon=True)

    def __enter__(self) -> SmtpSink:
        self._process.start()
        self._ready.wait(30)
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._process.join(10)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(label: str, values: list[float], unit: str = 'ms') -> str:
    return (
        f'{label}: n={len(values)} median={statistics.median(values):.1f} {unit} '
        f'p95={percentile(values, 0.95):.1f} {unit} max={max(values):.1f} {unit}'
    )


def timed(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def run(coroutine: object) -> None:
    asyncio.run(coroutine)  # type: ignore[arg-type]


TODAY = date.today()
