"""Delivering the outbox to a real SMTP server on loopback: every outcome, retries, restarts; time is injected."""

import asyncio
import io
import random
from datetime import timedelta

from pypdf import PdfReader
from tortoise import Tortoise

from models import Invoice, MessageStatus, OutboxMessage
from services.core.actors import SYSTEM
from services.core.db import tortoise_config
from services.customers.drafts import CustomerDraft
from services.customers.registration import CustomerView, create_customer
from services.mail.outbox import mark_delivered, retry_message
from services.mail.smtp import SmtpTarget
from services.mail.worker import OutboxWorker, RetryPolicy
from services.pdf.renderer import PdfRenderer
from tests.clock import FakeClock
from tests.factories import korean_draft, make_worker, set_up_company, spanish_draft, welcome_draft
from tests.mail_server import MailServer


async def register(clock: FakeClock, draft: CustomerDraft | None = None) -> CustomerView:
    return await create_customer(
        by=SYSTEM, draft=draft or korean_draft(), welcome=welcome_draft(reminders=False), clock=clock
    )


async def invoice_email(customer: CustomerView) -> OutboxMessage:
    return await OutboxMessage.get(invoice__customer_id=customer.id, kind='invoice')


async def test_welcome_invoice_arrives_as_multipart_mail_with_a_readable_pdf(
    db: str, clock: FakeClock, mail_server: MailServer, renderer: PdfRenderer
) -> None:
    await set_up_company()
    korean = await register(clock)
    spanish = await register(clock, spanish_draft(name='José Peña Müller', kind='person'))
    assert await make_worker(mail_server, renderer, clock).run_once() == 2

    messages = {str(m['To']): m for m in mail_server.handler.messages()}
    assert set(messages) == {'minjun.kim@example.kr', 'jose@pena.es'}
    for customer, number in ((korean, '2026-0001'), (spanish, '2026-0002')):
        message = messages[customer.email]
        assert message['Message-ID'] == f'<invoice-{number}.welcome@mueller.example>'
        assert message['Subject'] == f'Welcome to Bäckerei Müller GmbH: invoice {number}'
        assert message.get_content_type() == 'multipart/mixed'
        assert customer.name in message.get_body(preferencelist=('plain',)).get_content()
        assert '<td' in message.get_body(preferencelist=('html',)).get_content()
        [attachment] = list(message.iter_attachments())
        assert attachment.get_content_type() == 'application/pdf'
        assert attachment.get_filename() == f'Invoice-{number}.pdf'
        text = ''.join(page.extract_text() for page in PdfReader(io.BytesIO(attachment.get_content())).pages)
        for expected in (customer.name, number, '€219.98', 'Mar 16, 2026', 'Bäckerei Müller GmbH', 'VAT 7%'):
            assert expected in text
        invoice = await Invoice.get(number=number)
        assert invoice.sent_at == clock()
        assert (await invoice_email(customer)).status == MessageStatus.SENT


async def test_451_twice_then_250_is_delivered_once_after_backing_off(
    db: str, clock: FakeClock, mail_server: MailServer, renderer: PdfRenderer
) -> None:
    customer = await register(clock)
    mail_server.handler.replies = ['451 4.3.0 Greylisted, try later', '451 4.3.0 Greylisted, try later']
    worker = make_worker(mail_server, renderer, clock)
    assert await worker.run_once() == 1
    row = await invoice_email(customer)
    assert (row.status, row.attempts, row.last_error) == (MessageStatus.PENDING, 1, '451 4.3.0 Greylisted, try later')
    assert clock() <= row.next_attempt_at <= clock() + timedelta(seconds=30)
    assert row.next_attempt_at > clock()
    assert await worker.run_once() == 0  # not due again before the backoff has passed
    for _ in range(2):
        clock.set((await invoice_email(customer)).next_attempt_at)
        assert await worker.run_once() == 1
    row = await invoice_email(customer)
    assert (row.status, row.attempts) == (MessageStatus.SENT, 3)
    assert (mail_server.handler.attempts, len(mail_server.handler.accepted)) == (3, 1)
    assert (await Invoice.get(customer_id=customer.id)).sent_at is not None


async def test_550_fails_with_the_reason_and_retry_works_after_fixing(
    db: str, clock: FakeClock, mail_server: MailServer, renderer: PdfRenderer
) -> None:
    customer = await register(clock)
    mail_server.handler.replies = ['550 5.1.1 Mailbox does not exist']
    worker = make_worker(mail_server, renderer, clock)
    await worker.run_once()
    row = await invoice_email(customer)
    assert (row.status, row.last_error) == (MessageStatus.FAILED, '550 5.1.1 Mailbox does not exist')
    assert (await Invoice.get(customer_id=customer.id)).sent_at is None
    clock.advance(days=2)
    assert await worker.run_once() == 0  # a failed message is never retried on its own
    await retry_message(message_id=row.id, by=SYSTEM, clock=clock)
    assert await worker.run_once() == 1
    assert (await invoice_email(customer)).status == MessageStatus.SENT
    assert len(mail_server.handler.accepted) == 1


async def test_a_server_that_is_down_for_a_while_gets_every_message_exactly_once(
    db: str, clock: FakeClock, mail_server: MailServer, renderer: PdfRenderer
) -> None:
    customers = [await register(clock, korean_draft(email=f'kunde{i}@example.kr', name=f'Kunde {i}')) for i in range(4)]
    mail_server.stop()
    worker = make_worker(mail_server, renderer, clock)
    for _ in range(3):
        await worker.run_once()
        rows = await OutboxMessage.all()
        assert {row.status for row in rows} == {MessageStatus.PENDING}
        assert all(row.last_error.startswith('Cannot reach 127.0.0.1') for row in rows)
        clock.advance(hours=3)
    mail_server.start()
    assert await worker.run_once() == 4
    assert await worker.run_once() == 0
    ids = sorted(str(message['Message-ID']) for message in mail_server.handler.messages())
    assert ids == sorted({(await invoice_email(customer)).message_id for customer in customers})
    assert {row.attempts for row in await OutboxMessage.all()} == {4}


async def test_a_late_final_reply_leaves_the_message_unknown_for_a_person_to_decide(
    db: str, clock: FakeClock, mail_server: MailServer, renderer: PdfRenderer
) -> None:
    customer = await register(clock)
    mail_server.handler.delay = 1.0
    worker = make_worker(mail_server, renderer, clock, timeout=0.3)
    await worker.run_once()
    row = await invoice_email(customer)
    assert row.status == MessageStatus.UNKNOWN
    assert 'may or may not have arrived' in row.last_error
    clock.advance(days=3)
    assert await worker.run_once() == 0  # never resent automatically
    await asyncio.sleep(1.0)  # let the slow server finish its reply (it stored the message)
    assert mail_server.handler.attempts == 1
    await mark_delivered(message_id=row.id, by=SYSTEM, clock=clock)
    assert (await invoice_email(customer)).status == MessageStatus.SENT
    assert (await Invoice.get(customer_id=customer.id)).sent_at == clock()


async def test_pending_messages_survive_a_restart(
    db: str, clock: FakeClock, mail_server: MailServer, renderer: PdfRenderer
) -> None:
    customer = await register(clock)
    abandoned = await register(clock, spanish_draft())
    await OutboxMessage.filter(invoice__customer_id=abandoned.id).update(status='sending', claimed_at=clock())
    url = _database_url()
    await Tortoise.close_connections()
    await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)  # the app starts again
    clock.advance(minutes=20)
    worker = make_worker(mail_server, renderer, clock)
    assert await worker.recover_abandoned() == 1
    assert await worker.run_once() == 1
    assert (await invoice_email(customer)).status == MessageStatus.SENT
    row = await invoice_email(abandoned)
    assert row.status == MessageStatus.UNKNOWN and 'stopped while sending' in row.last_error
    assert len(mail_server.handler.accepted) == 1


async def test_two_workers_never_send_the_same_message(
    db: str, clock: FakeClock, mail_server: MailServer, renderer: PdfRenderer
) -> None:
    for i in range(12):
        await register(clock, korean_draft(email=f'kunde{i}@example.kr', name=f'Kunde {i}'))
    first, second = make_worker(mail_server, renderer, clock), make_worker(mail_server, renderer, clock)
    first.batch_size = second.batch_size = 5
    while sum(await asyncio.gather(first.run_once(), second.run_once())):
        pass
    ids = [str(message['Message-ID']) for message in mail_server.handler.messages()]
    assert len(ids) == len(set(ids)) == 12


async def test_the_worker_gives_up_after_the_last_attempt(
    db: str, clock: FakeClock, mail_server: MailServer, renderer: PdfRenderer
) -> None:
    customer = await register(clock)
    mail_server.handler.replies = ['421 4.7.0 Try again later'] * 3
    worker = make_worker(mail_server, renderer, clock)
    worker.retry = RetryPolicy(max_attempts=3)
    for _ in range(3):
        clock.advance(days=1)
        await worker.run_once()
    row = await invoice_email(customer)
    assert (row.status, row.last_error) == (MessageStatus.FAILED, 'Gave up after 3 attempts: 421 4.7.0 Try again later')


def test_backoff_grows_exponentially_with_full_jitter_up_to_a_cap() -> None:
    policy = RetryPolicy(base=timedelta(seconds=30), cap=timedelta(minutes=10))
    rng = random.Random(3)
    for attempt, ceiling in ((1, 30), (2, 60), (3, 120), (5, 480), (6, 600), (20, 600)):
        delays = [policy.delay(attempt, rng).total_seconds() for _ in range(200)]
        assert 0 <= min(delays) and max(delays) <= ceiling
        assert max(delays) > ceiling * 0.8  # the whole range is used, not a fixed wait


def _database_url() -> str:
    connection = Tortoise.get_connection('default')
    filename = getattr(connection, 'filename', None)
    if filename:
        return f'sqlite://{filename}'
    return f'postgres://{connection.user}@{connection.host}:{connection.port}/{connection.database}'


async def test_each_outcome_is_recorded_as_soon_as_its_server_answered(
    db: str, clock: FakeClock, mail_server: MailServer, renderer: PdfRenderer
) -> None:
    await set_up_company()
    for draft in (korean_draft(), spanish_draft(), spanish_draft(email='ana@pena.es', tax_id='')):
        await register(clock, draft)
    mail_server.handler.delay = 1.0
    batch = asyncio.create_task(make_worker(mail_server, renderer, clock).run_once())
    for _ in range(100):
        if mail_server.handler.accepted:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)
    statuses = sorted(row.status.value for row in await OutboxMessage.all())
    assert statuses[0] == 'sending' and 'sent' in statuses, statuses  # the batch runs, the first is recorded
    await batch
    assert {row.status for row in await OutboxMessage.all()} == {MessageStatus.SENT}


async def test_an_expired_lease_is_recovered_by_any_worker_by_what_reached_the_server(
    db: str, clock: FakeClock, mail_server: MailServer, renderer: PdfRenderer
) -> None:
    await set_up_company()
    for draft in (korean_draft(), spanish_draft()):
        await register(clock, draft)
    crashed = make_worker(mail_server, renderer, clock)
    claimed = await crashed._claim()  # a process that claimed, then died: one message had its data on the wire
    assert len(claimed) == 2
    await crashed._mark_data_sent(claimed[0])
    survivor = make_worker(mail_server, renderer, clock)
    assert await survivor.recover_expired() == 0  # the lease still runs
    clock.advance(seconds=crashed.lease.total_seconds() + 1)
    assert await survivor.recover_expired() == 2
    first, second = await OutboxMessage.get(id=claimed[0].id), await OutboxMessage.get(id=claimed[1].id)
    assert (first.status, second.status) == (MessageStatus.UNKNOWN, MessageStatus.PENDING)
    assert 'check whether it arrived' in first.last_error
    assert (second.attempts, second.claim_token, second.lease_until) == (0, None, None)
    assert await survivor.run_once() == 1
    assert (await OutboxMessage.get(id=second.id)).status == MessageStatus.SENT
    assert len(mail_server.handler.accepted) == 1


async def test_an_unexpected_error_while_sending_stays_with_each_message(
    db: str, clock: FakeClock, mail_server: MailServer, renderer: PdfRenderer
) -> None:
    """Not an SMTP or OS error (a TLS context that is not one makes the library raise TypeError): every message
    gets its own outcome (back to pending with the reason), none is left `sending`."""
    await set_up_company()
    await register(clock)
    broken = SmtpTarget('127.0.0.1', mail_server.port, implicit_tls=True, tls_context=object())  # type: ignore[arg-type]
    worker = OutboxWorker(target=lambda: broken, renderer=renderer, clock=clock, rng=random.Random(7), connections=1)
    assert await worker.run_once() == 1
    row = await OutboxMessage.get(kind='invoice')
    assert row.status == MessageStatus.PENDING
    assert row.last_error.startswith('Unexpected error while sending')
