"""Payment reminders: outbox rows scheduled from the due date; just before sending, decide if they still apply."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import Enum

from models import Invoice, MessageKind, MessageStatus, OutboxMessage
from services.core.clock import utc
from services.core.i18n import _, language
from services.core.values.formats import format_date
from services.core.values.money import format_money
from services.mail.compose import InvoiceFacts, invoice_email
from services.mail.templates import REMINDER_BODY, REMINDER_SUBJECT


class ReminderDecision(Enum):
    SEND = 'send'
    WAIT = 'wait'
    PAID = 'Not sent: the invoice is paid'
    VOID = 'Not sent: the invoice is void'
    SUPERSEDED = 'Not sent: a later reminder for this invoice was due at the same time'


def email_facts(invoice: Invoice, amount: str) -> InvoiceFacts:
    return InvoiceFacts(
        company_name=invoice.seller.get('name') or 'Clientbook',
        brand_colour=invoice.seller.get('brand_colour', ''),
        customer_name=invoice.buyer.get('name', ''),
        invoice_number=invoice.number,
        amount=amount,
        due_date=format_date(invoice.due_date),
    )


async def decide_reminder(row: OutboxMessage, invoice: Invoice, now: datetime) -> ReminderDecision:
    """Paid or void: drop it. Several due at once (the app was off): only the latest goes out. Invoice email not
    delivered yet: wait. Otherwise refresh the text with today's open amount and send."""
    if invoice.voided_at is not None:
        return ReminderDecision.VOID
    open_amount = Decimal(invoice.total) - Decimal(invoice.paid_total)
    if open_amount <= 0:
        return ReminderDecision.PAID
    later_due = await OutboxMessage.filter(
        invoice_id=invoice.id,
        kind=MessageKind.REMINDER,
        status__in=(MessageStatus.PENDING, MessageStatus.SENDING),
        reminder_day__gt=row.reminder_day or 0,
        next_attempt_at__lte=utc(now),
    ).exists()
    if later_due:
        return ReminderDecision.SUPERSEDED
    if invoice.sent_at is None:
        return ReminderDecision.WAIT
    with language(invoice.buyer.get('language') or None):  # the customer's, as the invoice was written
        content = invoice_email(
            email_facts(invoice, format_money(open_amount, invoice.currency)),
            subject_template=_(REMINDER_SUBJECT),
            body_template=_(REMINDER_BODY),
        )
    await OutboxMessage.filter(id=row.id).update(
        subject=content.subject[:300], body_text=content.text, body_html=content.html
    )
    return ReminderDecision.SEND
