"""Addresses the mail can carry: IDN domains as A-labels, non-ASCII local parts over SMTPUTF8 or one clear failure."""

import pytest

from models import MessageStatus, OutboxMessage
from services.core.actors import SYSTEM
from services.customers.registration import CustomerView, create_customer
from services.mail.addresses import wire_address, wire_header
from services.mail.compose import message_id, sender_header
from services.mail.smtp import NO_SMTPUTF8
from services.pdf.renderer import PdfRenderer
from tests.clock import FakeClock
from tests.factories import korean_draft, make_worker, set_up_company, spanish_draft, welcome_draft
from tests.mail_server import MailServer


@pytest.mark.parametrize(
    ('typed', 'wire', 'smtputf8'),
    [
        ('billing@bücher.example', 'billing@xn--bcher-kva.example', False),
        ('Jane.Doe@example.com', 'Jane.Doe@example.com', False),
        ('info@例え.jp', 'info@xn--r8jz45g.jp', False),
        ('josé@bücher.example', 'josé@xn--bcher-kva.example', True),
        ('用户@例子.广告', '用户@xn--fsqu00a.xn--4rr70v', True),
    ],
)
def test_addresses_are_written_for_the_wire(typed: str, wire: str, smtputf8: bool) -> None:
    result = wire_address(typed)
    assert (result.address, result.smtputf8, result.problem) == (wire, smtputf8, '')


def test_sender_and_message_id_of_an_idn_company_address_are_ascii() -> None:
    sender = sender_header('Bücherei Grün', 'rechnung@bücher.example')
    assert wire_header(sender)[0].endswith('<rechnung@xn--bcher-kva.example>')
    assert message_id('invoice-2026-0001.welcome', sender) == '<invoice-2026-0001.welcome@xn--bcher-kva.example>'


async def register(clock: FakeClock, email: str, name: str) -> CustomerView:
    draft = spanish_draft(email=email, name=name, tax_id='')
    return await create_customer(by=SYSTEM, draft=draft, welcome=welcome_draft(reminders=False), clock=clock)


async def status_of(customer: CustomerView) -> tuple[MessageStatus, str]:
    row = await OutboxMessage.get(invoice__customer_id=customer.id, kind='invoice')
    return row.status, row.last_error


async def test_welcome_invoice_to_an_idn_address_is_delivered_with_the_domain_as_an_a_label(
    db: str, clock: FakeClock, mail_server: MailServer, renderer: PdfRenderer
) -> None:
    await set_up_company(sender_email='rechnung@bücher.example')
    idn = await register(clock, 'billing@bücher.example', 'Bücher GmbH')
    other = await create_customer(by=SYSTEM, draft=korean_draft(), welcome=welcome_draft(reminders=False), clock=clock)
    assert idn.email == 'billing@bücher.example'  # stored as typed, sent as an A-label
    assert await make_worker(mail_server, renderer, clock).run_once() == 2

    assert await status_of(idn) == (MessageStatus.SENT, '')
    assert (await status_of(other))[0] == MessageStatus.SENT
    envelopes = dict((recipients[0], sender) for sender, recipients in mail_server.handler.envelopes)
    assert envelopes['billing@xn--bcher-kva.example'] == 'rechnung@xn--bcher-kva.example'
    message = next(m for m in mail_server.handler.messages() if 'xn--bcher-kva' in str(m['To']))
    assert str(message['To']) == 'billing@xn--bcher-kva.example'
    assert message['Message-ID'].endswith('@xn--bcher-kva.example>')


async def test_non_ascii_local_part_fails_that_message_only_when_the_server_lacks_smtputf8(
    db: str, clock: FakeClock, mail_server: MailServer, renderer: PdfRenderer
) -> None:
    await set_up_company()
    first = await create_customer(by=SYSTEM, draft=korean_draft(), welcome=welcome_draft(reminders=False), clock=clock)
    unicode = await register(clock, 'josé@bücher.example', 'José Bücher')
    last = await register(clock, 'ana@pena.es', 'Ana Peña')
    assert await make_worker(mail_server, renderer, clock).run_once() == 3

    assert await status_of(unicode) == (MessageStatus.FAILED, NO_SMTPUTF8)
    assert (await status_of(first))[0] == (await status_of(last))[0] == MessageStatus.SENT
    assert len(mail_server.handler.messages()) == 2


async def test_non_ascii_local_part_goes_out_over_smtputf8_when_offered(
    db: str, clock: FakeClock, renderer: PdfRenderer
) -> None:
    await set_up_company()
    unicode = await register(clock, 'josé@bücher.example', 'José Bücher')
    with MailServer(smtputf8=True) as server:
        assert await make_worker(server, renderer, clock).run_once() == 1
    assert await status_of(unicode) == (MessageStatus.SENT, '')
    assert server.handler.envelopes[0][1] == ['josé@xn--bcher-kva.example']
    assert str(server.handler.messages()[0]['To']) == 'josé@xn--bcher-kva.example'
