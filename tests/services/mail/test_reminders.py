"""Payment reminders go out on their days, each once; paid, void or superseded reminders do not."""

from datetime import UTC, date, datetime

from models import MessageKind, MessageStatus, OutboxMessage, PaymentMethod
from services.core.actors import SYSTEM
from services.customers.registration import create_customer
from services.invoicing.payments import record_payment
from services.invoicing.views import customer_invoices
from services.pdf.renderer import PdfRenderer
from tests.clock import FakeClock
from tests.factories import korean_draft, make_worker, welcome_draft
from tests.mail_server import MailServer


async def reminders() -> list[tuple[int | None, MessageStatus]]:
    rows = await OutboxMessage.filter(kind=MessageKind.REMINDER).order_by('reminder_day')
    return [(row.reminder_day, row.status) for row in rows]


def subjects(server: MailServer) -> list[str]:
    return [str(message['Subject']).split(':')[0] for message in server.handler.messages()]


async def test_reminders_go_out_on_their_days_each_once(
    db: str, clock: FakeClock, mail_server: MailServer, renderer: PdfRenderer
) -> None:
    await create_customer(by=SYSTEM, draft=korean_draft(), welcome=welcome_draft(), clock=clock)  # due 2026-03-16
    worker = make_worker(mail_server, renderer, clock)
    await worker.run_once()
    schedule = [
        (datetime(2026, 3, 16, 23, 0, tzinfo=UTC), 0),  # due date itself: nothing yet
        (datetime(2026, 3, 17, 8, 59, tzinfo=UTC), 0),
        (datetime(2026, 3, 17, 9, 0, tzinfo=UTC), 1),  # due + 1
        (datetime(2026, 3, 17, 15, 0, tzinfo=UTC), 0),  # same day again: not twice
        (datetime(2026, 3, 19, 9, 30, tzinfo=UTC), 1),  # due + 3
        (datetime(2026, 3, 23, 9, 0, tzinfo=UTC), 1),  # due + 7
        (datetime(2026, 4, 30, 9, 0, tzinfo=UTC), 0),
    ]
    for moment, expected in schedule:
        clock.set(moment)
        assert await worker.run_once() == expected, moment
    assert subjects(mail_server) == ['Welcome to Clientbook', *['Payment reminder'] * 3]
    assert await reminders() == [(1, MessageStatus.SENT), (3, MessageStatus.SENT), (7, MessageStatus.SENT)]
    reminder = mail_server.handler.messages()[1]
    assert reminder['Message-ID'] == '<invoice-2026-0001.reminder-1@clientbook.localhost>'
    assert 'was due on Mar 16, 2026 and €219.98 is still open' in reminder.get_body(('plain',)).get_content()
    assert len(list(reminder.iter_attachments())) == 1


async def test_after_days_offline_only_the_latest_due_reminder_is_sent(
    db: str, clock: FakeClock, mail_server: MailServer, renderer: PdfRenderer
) -> None:
    await create_customer(by=SYSTEM, draft=korean_draft(), welcome=welcome_draft(), clock=clock)
    worker = make_worker(mail_server, renderer, clock)
    await worker.run_once()
    clock.set(datetime(2026, 3, 21, 12, tzinfo=UTC))  # the app was off from before due + 1 until after due + 3
    while await worker.run_once():
        pass
    assert await reminders() == [(1, MessageStatus.CANCELLED), (3, MessageStatus.SENT), (7, MessageStatus.PENDING)]
    assert subjects(mail_server).count('Payment reminder') == 1


async def test_paying_cancels_the_pending_reminders_and_a_partial_payment_lowers_the_amount(
    db: str, clock: FakeClock, mail_server: MailServer, renderer: PdfRenderer
) -> None:
    customer = await create_customer(by=SYSTEM, draft=korean_draft(), welcome=welcome_draft(), clock=clock)
    worker = make_worker(mail_server, renderer, clock)
    await worker.run_once()
    [invoice] = (await customer_invoices(customer.number, clock=clock)).invoices
    await record_payment(
        invoice_id=invoice.id, amount='100', paid_on=date(2026, 3, 2), method=PaymentMethod.CASH, by=SYSTEM, clock=clock
    )
    clock.set(datetime(2026, 3, 17, 9, tzinfo=UTC))
    await worker.run_once()
    text = mail_server.handler.messages()[-1].get_body(('plain',)).get_content()
    assert '€119.98 is still open' in text
    await record_payment(
        invoice_id=invoice.id, amount='119.98', paid_on=date(2026, 3, 17), method=PaymentMethod.BANK_TRANSFER,
        by=SYSTEM, clock=clock,
    )  # fmt: skip
    assert await reminders() == [(1, MessageStatus.SENT), (3, MessageStatus.CANCELLED), (7, MessageStatus.CANCELLED)]
    clock.set(datetime(2026, 4, 1, tzinfo=UTC))
    assert await worker.run_once() == 0


async def test_a_reminder_waits_while_the_invoice_itself_is_undelivered(
    db: str, clock: FakeClock, mail_server: MailServer, renderer: PdfRenderer
) -> None:
    await create_customer(by=SYSTEM, draft=korean_draft(), welcome=welcome_draft(payment_terms='0'), clock=clock)
    mail_server.handler.replies = ['550 5.7.1 Rejected']
    worker = make_worker(mail_server, renderer, clock)
    await worker.run_once()
    clock.set(datetime(2026, 3, 3, 9, 0, tzinfo=UTC))
    await worker.run_once()
    row = await OutboxMessage.get(kind=MessageKind.REMINDER, reminder_day=1)
    assert (row.status, row.attempts) == (MessageStatus.PENDING, 0)
    assert row.next_attempt_at == datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
    assert 'Waiting until the invoice itself has been delivered' in row.last_error
    assert mail_server.handler.accepted == []
