"""The transactional outbox: queue messages inside the caller's transaction; let people see and steer them.

Who may steer a message (Retry, "It arrived", Cancel), decided here, not in the page: admins, any message; members,
the messages of invoices to customers they registered themselves (`Customer.created_by`). Test emails and messages
of other people's customers are admins' business (a member could otherwise resend or silence anyone's invoices).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from models import Invoice, MessageKind, MessageStatus, OutboxMessage
from services.core import audit
from services.core.actors import Actor
from services.core.clock import Clock, system_clock, utc
from services.core.errors import Conflict, NotFound, PermissionDenied
from services.core.events import OutboxChanged, outbox_changed
from services.core.i18n import _
from services.mail.compose import EmailContent

MAX_PAGE_SIZE = 100
RETRYABLE = (MessageStatus.FAILED, MessageStatus.UNKNOWN)
CANCELLABLE = (MessageStatus.PENDING, MessageStatus.FAILED, MessageStatus.UNKNOWN)


class MessageView(BaseModel):
    id: int
    kind: MessageKind
    recipient: str
    subject: str
    status: MessageStatus
    attempts: int
    next_attempt_at: datetime
    last_error: str
    sent_at: datetime | None
    created_at: datetime
    invoice_id: int | None
    reminder_day: int | None
    invoice_number: str = ''
    customer_created_by_id: int | None = None

    def may_be_steered_by(self, actor: Actor) -> bool:
        return actor.is_admin or (actor.id is not None and self.customer_created_by_id == actor.id)


class MessagePage(BaseModel):
    rows: list[MessageView]
    total: int
    page: int
    per_page: int


async def enqueue(
    conn: BaseDBAsyncClient,
    *,
    kind: MessageKind,
    key: str,
    invoice_id: int | None,
    sender: str,
    recipient: str,
    content: EmailContent,
    message_id: str,
    not_before: datetime,
    attach_invoice: bool = False,
    reminder_day: int | None = None,
) -> OutboxMessage:
    """Queue one message in the caller's transaction. A repeated `key` raises IntegrityError: never two copies."""
    return await OutboxMessage.create(
        kind=kind,
        idempotency_key=key,
        invoice_id=invoice_id,
        reminder_day=reminder_day,
        sender=sender,
        recipient=recipient,
        subject=content.subject[:300],
        body_text=content.text,
        body_html=content.html,
        attach_invoice=attach_invoice,
        message_id=message_id,
        next_attempt_at=utc(not_before),
        using_db=conn,
    )


async def cancel_pending_reminders(invoice_id: int, conn: BaseDBAsyncClient, reason: str) -> int:
    return await (
        OutboxMessage.filter(invoice_id=invoice_id, kind=MessageKind.REMINDER, status=MessageStatus.PENDING)
        .using_db(conn)
        .update(status=MessageStatus.CANCELLED, last_error=reason)
    )


async def list_messages(
    *, page: int = 1, per_page: int = 25, statuses: list[MessageStatus] | None = None, search: str = ''
) -> MessagePage:
    """One page of the queue, newest first, filtered in the database: by state, and by `search` (part of the
    recipient's address or of the invoice number, case-insensitive). A page past the end shows the last one."""
    per_page = max(1, min(per_page, MAX_PAGE_SIZE))
    query = OutboxMessage.filter(status__in=statuses) if statuses else OutboxMessage.all()
    term = ' '.join(search.split())[:100]
    if term:
        query = query.filter(Q(recipient__icontains=term) | Q(invoice__number__icontains=term))
    total = await query.count()
    page = max(1, min(page, (total + per_page - 1) // per_page or 1))
    rows = await query.order_by('-id').offset((page - 1) * per_page).limit(per_page)
    return MessagePage(rows=await _views(rows), total=total, page=page, per_page=per_page)


async def _views(rows: list[OutboxMessage]) -> list[MessageView]:
    invoice_ids = {row.invoice_id for row in rows if row.invoice_id is not None}
    invoices = {
        invoice['id']: invoice
        for invoice in await Invoice.filter(id__in=invoice_ids).values('id', 'number', 'customer__created_by_id')
    }
    views = []
    for row in rows:
        invoice = invoices.get(row.invoice_id or 0, {})
        views.append(
            view(row).model_copy(
                update={
                    'invoice_number': invoice.get('number', ''),
                    'customer_created_by_id': invoice.get('customer__created_by_id'),
                }
            )
        )
    return views


async def _steerable(row: OutboxMessage, by: Actor) -> None:
    """Raises PermissionDenied unless `by` may retry, confirm or cancel this message (see the module docstring)."""
    [shown] = await _views([row])
    if not shown.may_be_steered_by(by):
        raise PermissionDenied(_('Only admins, or the person who registered the customer, can change this message'))


@dataclass(frozen=True)
class BulkResult:
    """What a bulk action did: the ids changed, and the ones left alone with the reason (state, permission)."""

    done: list[int]
    skipped: dict[int, str]


async def retry_messages(*, message_ids: list[int], by: Actor, clock: Clock = system_clock) -> BulkResult:
    """Retry each selected message that may be retried by `by`; the others are skipped with their reason."""
    return await _each(message_ids, lambda message_id: retry_message(message_id=message_id, by=by, clock=clock))


async def mark_many_delivered(*, message_ids: list[int], by: Actor, clock: Clock = system_clock) -> BulkResult:
    """ "It arrived" for each selected message of unknown fate that `by` may confirm; the others are skipped."""
    return await _each(message_ids, lambda message_id: mark_delivered(message_id=message_id, by=by, clock=clock))


async def _each(message_ids: list[int], action: Callable[[int], Awaitable[MessageView]]) -> BulkResult:
    done: list[int] = []
    skipped: dict[int, str] = {}
    for message_id in dict.fromkeys(message_ids[:MAX_PAGE_SIZE]):
        try:
            await action(message_id)
        except (Conflict, NotFound, PermissionDenied) as error:
            skipped[message_id] = str(error)
        else:
            done.append(message_id)
    return BulkResult(done, skipped)


async def queue_counts() -> dict[MessageStatus, int]:
    counts = {status: 0 for status in MessageStatus}
    for status in MessageStatus:
        counts[status] = await OutboxMessage.filter(status=status).count()
    return counts


async def messages_for_invoices(invoice_ids: list[int]) -> dict[int, list[MessageView]]:
    grouped: dict[int, list[MessageView]] = {invoice_id: [] for invoice_id in invoice_ids}
    for row in await OutboxMessage.filter(invoice_id__in=invoice_ids).order_by('id'):
        if row.invoice_id is not None:
            grouped[row.invoice_id].append(view(row))
    return grouped


async def retry_message(*, message_id: int, by: Actor, clock: Clock = system_clock) -> MessageView:
    """Send a failed message again, or one whose fate is unknown after a person decided to resend it.

    Raises:
        PermissionDenied: `by` may not steer this message (see the module docstring).
        Conflict: it is not failed or unknown (any more).
    """
    row = await _get(message_id)
    await _steerable(row, by)
    if row.status not in RETRYABLE:
        raise Conflict(
            _('Only failed or unknown messages can be retried (this one is {value})').format(value=row.status.value)
        )
    changed = await OutboxMessage.filter(id=row.id, status=row.status).update(
        status=MessageStatus.PENDING, next_attempt_at=utc(clock()), claim_token=None
    )
    if not changed:
        raise Conflict(_('The message changed meanwhile; please look again'))
    await audit.record('message.retry', by=by, entity='message', entity_id=row.id, old=row.status.value, new='pending')
    outbox_changed.publish(OutboxChanged())
    return (await _views([await _get(message_id)]))[0]


async def mark_delivered(*, message_id: int, by: Actor, clock: Clock = system_clock) -> MessageView:
    """A person checked that a message of unknown fate did arrive: record it as sent (and its invoice).

    Raises:
        PermissionDenied: `by` may not steer this message (see the module docstring).
        Conflict: its fate is not unknown (any more).
    """
    row = await _get(message_id)
    await _steerable(row, by)
    if row.status != MessageStatus.UNKNOWN:
        raise Conflict(_('Only messages of unknown fate can be marked as delivered'))
    now = utc(clock())
    async with in_transaction() as conn:
        changed = await (
            OutboxMessage.filter(id=row.id, status=MessageStatus.UNKNOWN)
            .using_db(conn)
            .update(status=MessageStatus.SENT, sent_at=now)
        )
        if not changed:
            raise Conflict(_('The message changed meanwhile; please look again'))
        if row.invoice_id is not None and row.kind == MessageKind.INVOICE:
            await Invoice.filter(id=row.invoice_id, sent_at__isnull=True).using_db(conn).update(sent_at=now)
        await audit.record(
            'message.mark_delivered', by=by, entity='message', entity_id=row.id, old='unknown', new='sent', conn=conn
        )
    outbox_changed.publish(OutboxChanged())
    return (await _views([await _get(message_id)]))[0]


async def cancel_message(*, message_id: int, by: Actor) -> MessageView:
    """Raises PermissionDenied (see the module docstring) or Conflict (it is sent, sending or cancelled)."""
    row = await _get(message_id)
    await _steerable(row, by)
    if row.status not in CANCELLABLE:
        raise Conflict(_('A {value} message cannot be cancelled').format(value=row.status.value))
    changed = await OutboxMessage.filter(id=row.id, status=row.status).update(status=MessageStatus.CANCELLED)
    if not changed:
        raise Conflict(_('The message changed meanwhile; please look again'))
    await audit.record(
        'message.cancel', by=by, entity='message', entity_id=row.id, old=row.status.value, new='cancelled'
    )
    outbox_changed.publish(OutboxChanged())
    return (await _views([await _get(message_id)]))[0]


async def _get(message_id: int) -> OutboxMessage:
    row = await OutboxMessage.filter(id=message_id).first()
    if row is None:
        raise NotFound(_('No such message'))
    return row


def view(row: OutboxMessage) -> MessageView:
    return MessageView(
        id=row.id,
        kind=row.kind,
        recipient=row.recipient,
        subject=row.subject,
        status=row.status,
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        last_error=row.last_error,
        sent_at=row.sent_at,
        created_at=row.created_at,
        invoice_id=row.invoice_id,
        reminder_day=row.reminder_day,
    )
