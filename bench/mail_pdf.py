"""PDF render time per invoice (target: median at most 50 ms): in one warm process, and through the process pool."""

from __future__ import annotations

import asyncio
import time

from services.pdf.invoice_document import InvoiceDocument
from services.pdf.invoice_pdf import render_invoice_pdf
from services.pdf.renderer import PdfRenderer

from .mail_common import NAMES, report, timed

ROUNDS = 200


def document(index: int) -> InvoiceDocument:
    name = NAMES[index % len(NAMES)]
    lines = [
        {'description': f'Line {n} Beratung für {name}', 'quantity': '2', 'unit': 'h', 'unit_price': '90.00',
         'vat_rate': '19' if n % 2 else '7', 'net': '180.00'}
        for n in range(5)
    ]  # fmt: skip
    return InvoiceDocument(
        number=f'2026-{index + 1:04d}', issue_date='2026-03-02', due_date='2026-03-16', currency='EUR',
        seller={'name': 'Bäckerei Müller GmbH', 'address': 'Hauptstraße 5\n10115 Berlin', 'tax_id': 'DE123456789',
                'brand_colour': '#0b6e4f', 'payment_instructions': 'IBAN DE89 3704 0044 0532 0130 00'},
        buyer={'number': f'C-{index:05d}', 'name': f'{name} {index}', 'street': '세종대로 110', 'postal_code': '04524',
               'city': '서울', 'country_name': 'South Korea'},
        lines=lines,
        vat=[{'rate': '19', 'net': '360.00', 'vat': '68.40'}, {'rate': '7', 'net': '540.00', 'vat': '37.80'}],
        net_total='900.00', vat_total='106.20', total='1006.20',
    )  # fmt: skip


def main() -> None:
    first = timed(lambda: render_invoice_pdf(document(0)))
    print(f'first render in this process (loads the fonts): {first:.0f} ms')
    times = [timed(lambda i=i: render_invoice_pdf(document(i))) for i in range(1, ROUNDS + 1)]
    print(report('render_invoice_pdf, warm, one process', times), '(target: median <= 50 ms)')
    asyncio.run(_pool())


async def _pool() -> None:
    renderer = PdfRenderer()
    try:
        started = time.perf_counter()
        await renderer.warm_up()
        print(f'process pool start + font warm-up: {(time.perf_counter() - started) * 1000:.0f} ms')
        started = time.perf_counter()
        await asyncio.gather(*(renderer.render(document(i)) for i in range(ROUNDS)))
        elapsed = time.perf_counter() - started
        rate = ROUNDS / elapsed
        print(f'process pool ({renderer.workers} workers): {ROUNDS} PDFs in {elapsed:.2f} s = {rate:.0f} PDFs/s')
    finally:
        renderer.close()
