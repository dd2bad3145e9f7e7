"""The outbox worker: claims due messages, renders their PDFs off the loop, sends them, and records each fate.

Claiming is safe with several workers: PostgreSQL locks the candidate rows with `FOR UPDATE SKIP LOCKED`; on both
databases the claim is a conditional UPDATE (`... WHERE status = 'pending'`) tagged with a random token, so a row
is only ever sent by the worker whose token it carries. No transaction is open during network I/O or rendering.

A claim is a lease (`claim_owner`, `lease_until`), renewed while its batch runs; any running worker recovers an
expired one (`recover_expired`, every round). Each message's outcome is recorded as soon as the server answered;
`data_sent_at` is written just before its data goes out, so only such a message can become `unknown`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from models import Invoice, MessageKind, MessageStatus, OutboxMessage
from services.core.clock import Clock, system_clock, utc
from services.core.events import OutboxChanged, outbox_changed
from services.mail.build import MessageSpec, build_envelope
from services.mail.claims import claim_due, recover_expired
from services.mail.compose import EmailContent
from services.mail.reminders import ReminderDecision, decide_reminder
from services.mail.smtp import Envelope, Outcome, SendResult, SmtpSession, SmtpTarget
from services.pdf.documents import document_for
from services.pdf.renderer import PdfRenderer

log = logging.getLogger(__name__)


def _describe(error: BaseException) -> str:
    return f'{type(error).__name__}: {error}' if str(error) else type(error).__name__


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter: wait a random time in [0, min(cap, base * 2 ** (attempt - 1))]."""

    base: timedelta = timedelta(seconds=30)
    cap: timedelta = timedelta(hours=2)
    max_attempts: int = 12

    def delay(self, attempt: int, rng: random.Random) -> timedelta:
        ceiling = min(self.cap.total_seconds(), self.base.total_seconds() * 2 ** max(attempt - 1, 0))
        return timedelta(seconds=rng.uniform(0, ceiling))


class OutboxWorker:
    def __init__(
        self,
        *,
        target: Callable[[], SmtpTarget],
        renderer: PdfRenderer,
        default_sender: str = 'Clientbook <clientbook@localhost>',
        clock: Clock = system_clock,
        rng: random.Random | None = None,
        retry: RetryPolicy | None = None,
        batch_size: int = 50,
        connections: int = 2,
        poll_interval: float = 5.0,
        lease: timedelta = timedelta(minutes=10),
        owner: str | None = None,
    ) -> None:
        self.target = target
        self.renderer = renderer
        self.default_sender = default_sender
        self.clock = clock
        self.rng = rng or random.SystemRandom()
        self.retry = retry or RetryPolicy()
        self.batch_size = batch_size
        self.connections = connections
        self.poll_interval = poll_interval
        self.lease = lease
        self.owner = owner or f'{socket.gethostname()}:{os.getpid()}'
        self._wake = asyncio.Event()
        self._stopping = False

    def wake(self, _: object = None) -> None:
        self._wake.set()

    async def run(self) -> None:
        """Work until `stop()`: recover expired leases, drain what is due, then sleep until woken or the poll
        interval passes. Recovery runs every round, so a crashed process's messages come back while this one runs."""
        while not self._stopping:
            try:
                await self.recover_expired()
                handled = await self.run_once()
            except Exception:
                log.exception('outbox worker round failed; trying again shortly')
                handled = 0
            if handled == 0 and not self._stopping:
                self._wake.clear()
                try:
                    await asyncio.wait_for(self._wake.wait(), self.poll_interval)
                except TimeoutError:
                    pass

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    async def run_once(self) -> int:
        """Claim the messages due now and deliver them, recording each one's outcome as soon as the server answered.
        Returns how many were claimed. The lease on the claimed messages is renewed while the batch runs."""
        rows = await self._claim()
        if not rows:
            return 0
        renewal = asyncio.create_task(self._keep_lease(rows[0].claim_token or ''))
        try:
            await self._deliver(rows)
        finally:
            renewal.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewal
        outbox_changed.publish(OutboxChanged())
        return len(rows)

    async def _deliver(self, rows: list[OutboxMessage]) -> None:
        invoice_ids = {row.invoice_id for row in rows if row.invoice_id is not None}
        invoices = {invoice.id: invoice for invoice in await Invoice.filter(id__in=invoice_ids)}
        logos: dict[str, bytes | None] = {}
        ready: asyncio.Queue[tuple[OutboxMessage, Envelope] | None] = asyncio.Queue()

        async def prepare(row: OutboxMessage) -> None:
            try:
                message = await self._prepare(row, invoices.get(row.invoice_id or 0), logos)
            except Exception:  # even recording the failure failed (database away): the lease brings it back
                log.exception('could not prepare message %s', row.id)
                return
            if message is not None:
                await ready.put((row, message))

        async def prepare_all() -> None:
            try:
                await asyncio.gather(*(prepare(row) for row in rows))
            finally:
                for _ in range(self.connections):
                    await ready.put(None)

        async def send() -> None:
            """Each connection sends whatever is ready while the rest of the batch is still being rendered."""
            session = SmtpSession(self.target())
            try:
                while (item := await ready.get()) is not None:
                    row, envelope = item
                    data_sent = False

                    async def mark(row: OutboxMessage = row) -> None:
                        nonlocal data_sent
                        await self._mark_data_sent(row)
                        data_sent = True

                    try:
                        result = await session.send(envelope, before_data=mark)
                    except Exception as error:  # not an SMTP or OS error: it stays with this message
                        log.exception('unexpected error while sending message %s', row.id)
                        session.abandon()
                        await session.__aexit__()
                        session = SmtpSession(self.target())
                        outcome = Outcome.UNKNOWN if data_sent else Outcome.RETRY
                        result = SendResult(outcome, f'Unexpected error while sending: {_describe(error)}')
                    await self._settle(row, result)
            finally:
                await session.__aexit__()

        await asyncio.gather(prepare_all(), *(send() for _ in range(self.connections)))

    async def _settle(self, row: OutboxMessage, result: SendResult) -> None:
        """Record one message's outcome now; if the database is away, its lease brings it back later."""
        try:
            await self._record(row, result)
        except Exception:
            log.exception('could not record the outcome of message %s (%s)', row.id, result.outcome)

    async def _mark_data_sent(self, row: OutboxMessage) -> None:
        await OutboxMessage.filter(id=row.id, claim_token=row.claim_token, status=MessageStatus.SENDING).update(
            data_sent_at=utc(self.clock())
        )

    async def _keep_lease(self, token: str) -> None:
        """Renew the lease of this claim's unfinished messages every third of the lease time."""
        while True:
            await asyncio.sleep(max(1.0, self.lease.total_seconds() / 3))
            try:
                await OutboxMessage.filter(claim_token=token, status=MessageStatus.SENDING).update(
                    lease_until=utc(self.clock()) + self.lease
                )
            except Exception:
                log.exception('could not renew the mail lease; trying again')

    async def recover_abandoned(self) -> int:
        """Kept for callers of the old name: see `recover_expired`."""
        return await self.recover_expired()

    async def recover_expired(self) -> int:
        """Messages whose lease expired go back to `pending` or become `unknown`: see `claims.recover_expired`."""
        return await recover_expired(utc(self.clock()), self.lease)

    async def _claim(self) -> list[OutboxMessage]:
        return await claim_due(utc(self.clock()), owner=self.owner, lease=self.lease, batch_size=self.batch_size)

    async def _prepare(
        self, row: OutboxMessage, invoice: Invoice | None, logos: dict[str, bytes | None]
    ) -> Envelope | None:
        """The message for the wire, PDF and MIME built in the worker processes; None when it is not sent now."""
        try:
            if row.kind == MessageKind.REMINDER and invoice is not None:
                decision = await decide_reminder(row, invoice, self.clock())
                if decision is not ReminderDecision.SEND:
                    await self._hold(row, decision)
                    return None
                await row.refresh_from_db()
            document = await document_for(invoice, logos) if row.attach_invoice and invoice is not None else None
            spec = MessageSpec(
                sender=row.sender or self.default_sender,
                recipient=row.recipient,
                content=EmailContent(row.subject, row.body_text, row.body_html),
                message_id=row.message_id,
                date=self.clock(),
                document=document,
            )
            return await self.renderer.run(build_envelope, spec)
        except Exception as error:
            log.exception('could not prepare message %s', row.id)
            await self._record(row, SendResult(Outcome.RETRY, f'Could not prepare the message: {error}'))
            return None

    async def _hold(self, row: OutboxMessage, decision: ReminderDecision) -> None:
        now = utc(self.clock())
        mine = OutboxMessage.filter(id=row.id, claim_token=row.claim_token, status=MessageStatus.SENDING)
        if decision is ReminderDecision.WAIT:
            await mine.update(
                status=MessageStatus.PENDING,
                attempts=F('attempts') - 1,
                next_attempt_at=now + timedelta(hours=1),
                last_error='Waiting until the invoice itself has been delivered',
            )
        else:
            await mine.update(status=MessageStatus.CANCELLED, last_error=decision.value)

    async def _record_sent(self, rows: list[OutboxMessage]) -> None:
        """One short transaction for all messages the server accepted: they are sent, and so are their invoices."""
        if not rows:
            return
        now = utc(self.clock())
        invoice_ids = [row.invoice_id for row in rows if row.kind == MessageKind.INVOICE and row.invoice_id is not None]
        async with in_transaction() as conn:
            await (
                OutboxMessage.filter(id__in=[row.id for row in rows], claim_token=rows[0].claim_token)
                .filter(status=MessageStatus.SENDING)
                .using_db(conn)
                .update(status=MessageStatus.SENT, sent_at=now, last_error='')
            )
            if invoice_ids:
                await Invoice.filter(id__in=invoice_ids, sent_at__isnull=True).using_db(conn).update(sent_at=now)

    async def _record(self, row: OutboxMessage, result: SendResult) -> None:
        now = utc(self.clock())
        mine = OutboxMessage.filter(id=row.id, claim_token=row.claim_token, status=MessageStatus.SENDING)
        if result.outcome is Outcome.SENT:
            await self._record_sent([row])
        elif result.outcome is Outcome.RETRY and row.attempts < self.retry.max_attempts:
            await mine.update(
                status=MessageStatus.PENDING,
                next_attempt_at=now + self.retry.delay(row.attempts, self.rng),
                last_error=result.detail,
            )
        elif result.outcome is Outcome.RETRY:
            await mine.update(
                status=MessageStatus.FAILED, last_error=f'Gave up after {row.attempts} attempts: {result.detail}'
            )
        else:
            status = MessageStatus.FAILED if result.outcome is Outcome.FAILED else MessageStatus.UNKNOWN
            await mine.update(status=status, last_error=result.detail)
