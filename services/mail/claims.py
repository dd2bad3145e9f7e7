"""Claims on outbox messages: a worker takes due messages as a lease, and any worker recovers expired leases.

Claiming is safe with several workers and processes: PostgreSQL locks the candidate rows with
`FOR UPDATE SKIP LOCKED`; on both databases the claim is a conditional UPDATE (`... WHERE status = 'pending'`)
tagged with a random token, so a row is only ever sent by the worker whose token it carries. A claim carries its
owner (`claim_owner`) and an expiry (`lease_until`) that the claiming worker renews while it sends.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta

from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from models import MessageStatus, OutboxMessage
from services.core.events import OutboxChanged, outbox_changed

log = logging.getLogger(__name__)
UNKNOWN_AFTER_STOP = 'Clientbook stopped while sending this message; check whether it arrived'


async def recover_expired(now: datetime, lease: timedelta) -> int:
    """Messages whose lease expired (their worker stopped or lost the database): a message whose data went to
    the server without a final answer becomes `unknown` (it may have arrived; never resent by itself); one that
    never got that far goes back to `pending` and is sent again. Returns how many were recovered."""
    expired = Q(lease_until__lt=now) | Q(lease_until__isnull=True, claimed_at__lt=now - lease)
    sending = OutboxMessage.filter(status=MessageStatus.SENDING).filter(expired)
    released = {'claim_token': None, 'claim_owner': None, 'lease_until': None}
    # Claims from before leases existed (no lease_until) do not say whether their data went out: unknown.
    unknown = await sending.filter(Q(data_sent_at__isnull=False) | Q(lease_until__isnull=True)).update(
        status=MessageStatus.UNKNOWN, last_error=UNKNOWN_AFTER_STOP, **released
    )
    pending = await (
        OutboxMessage.filter(status=MessageStatus.SENDING, data_sent_at__isnull=True, lease_until__lt=now)
        .update(
            status=MessageStatus.PENDING, next_attempt_at=now, attempts=F('attempts') - 1,
            last_error='', **released,
        )
    )  # fmt: skip
    if unknown or pending:
        log.warning('recovered %s expired mail claims: %s back to pending, %s unknown', unknown + pending,
                    pending, unknown)  # fmt: skip
        outbox_changed.publish(OutboxChanged())
    return unknown + pending


async def claim_due(now: datetime, *, owner: str, lease: timedelta, batch_size: int) -> list[OutboxMessage]:
    """Up to `batch_size` due pending messages, oldest first, now `sending` under a new token owned by `owner`."""
    token = secrets.token_hex(16)
    async with in_transaction() as conn:
        query = (
            OutboxMessage.filter(status=MessageStatus.PENDING, next_attempt_at__lte=now)
            .order_by('next_attempt_at', 'id')
            .limit(batch_size)
            .using_db(conn)
        )
        if conn.capabilities.dialect == 'postgres':
            query = query.select_for_update(skip_locked=True)
        ids = [row.id for row in await query.only('id')]
        if not ids:
            return []
        await (
            OutboxMessage.filter(id__in=ids, status=MessageStatus.PENDING)
            .using_db(conn)
            .update(
                status=MessageStatus.SENDING, claim_token=token, claim_owner=owner, claimed_at=now,
                lease_until=now + lease, data_sent_at=None, attempts=F('attempts') + 1,
            )
        )  # fmt: skip
    return await OutboxMessage.filter(claim_token=token, status=MessageStatus.SENDING).order_by('id')
