"""Drafts that pass validation, for tests that need a customer."""

from __future__ import annotations

import random
from typing import Any

from services.core.actors import SYSTEM
from services.customers.drafts import CustomerDraft
from services.invoicing.company_profile import CompanyProfileDraft, update_company_profile
from services.invoicing.drafts import InvoiceDraft, LineDraft
from services.mail.worker import OutboxWorker
from services.pdf.renderer import PdfRenderer
from tests.clock import FakeClock
from tests.mail_server import MailServer


def korean_draft(**changes: Any) -> CustomerDraft:
    values: dict[str, Any] = {
        'name': '김민준',
        'email': 'minjun.kim@example.kr',
        'phone': '010-1234-5678',
        'street': '세종대로 110',
        'postal_code': '04524',
        'city': '서울',
        'country': 'KR',
    }
    return CustomerDraft(**{**values, **changes})


def spanish_draft(**changes: Any) -> CustomerDraft:
    values: dict[str, Any] = {
        'kind': 'company',
        'name': 'Talleres Peña S.L.',
        'contact_person': 'José García',
        'email': 'jose@pena.es',
        'phone': '612 34 56 78',
        'street': 'Calle Mayor 12',
        'postal_code': '28013',
        'city': 'Madrid',
        'country': 'ES',
        'tax_id': 'B64717838',
    }
    return CustomerDraft(**{**values, **changes})


def welcome_draft(**changes: Any) -> InvoiceDraft:
    """Two lines at two VAT rates: 2 x 90.00 at 19 % and 12 x 0.45 at 7 % -> 185.40 net, 34.58 VAT, 219.98 total."""
    values: dict[str, Any] = {
        'lines': [
            LineDraft(description='Beratung (Consulting)', quantity='2', unit='h', unit_price='90', vat_rate='19'),
            LineDraft(description='Brötchen', quantity='12', unit='pcs', unit_price='0.45', vat_rate='7'),
        ],
        'payment_terms': '14',
    }
    return InvoiceDraft(**{**values, **changes})


async def set_up_company(**changes: Any) -> None:
    values: dict[str, Any] = {
        'name': 'Bäckerei Müller GmbH',
        'address': 'Hauptstraße 5\n10115 Berlin',
        'tax_id': 'DE123456789',
        'sender_name': 'Bäckerei Müller',
        'sender_email': 'hallo@mueller.example',
        'payment_instructions': 'IBAN DE89 3704 0044 0532 0130 00',
    }
    await update_company_profile(draft=CompanyProfileDraft(**{**values, **changes}), by=SYSTEM)


def make_worker(server: MailServer, renderer: PdfRenderer, clock: FakeClock, *, timeout: float = 5.0) -> OutboxWorker:
    """An outbox worker sending to the test's SMTP server, on the test's clock, with repeatable jitter."""
    return OutboxWorker(
        target=lambda: server.target(timeout), renderer=renderer, clock=clock, rng=random.Random(7), connections=1
    )
