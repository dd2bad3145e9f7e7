"""Emails waiting to be sent, being sent, or done: the transactional outbox."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from .invoice import Invoice


class MessageKind(StrEnum):
    INVOICE = 'invoice'
    REMINDER = 'reminder'
    TEST = 'test'


class MessageStatus(StrEnum):
    PENDING = 'pending'
    SENDING = 'sending'
    SENT = 'sent'
    FAILED = 'failed'
    UNKNOWN = 'unknown'
    CANCELLED = 'cancelled'


class OutboxMessage(Model):
    """An email, written in the same transaction as the invoice it announces and delivered later by the worker."""

    # The idempotency key is unique, so repeating a request can never queue a second copy.

    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(MessageKind, max_length=10)
    idempotency_key = fields.CharField(max_length=120, unique=True)
    invoice: fields.ForeignKeyNullableRelation[Invoice] = fields.ForeignKeyField(
        'models.Invoice', related_name='messages', null=True, on_delete=fields.CASCADE
    )
    invoice_id: int | None
    reminder_day = fields.IntField(null=True)
    sender = fields.CharField(max_length=400)
    recipient = fields.CharField(max_length=254)
    subject = fields.CharField(max_length=300)
    body_text = fields.TextField()
    body_html = fields.TextField()
    attach_invoice = fields.BooleanField(default=False)
    message_id = fields.CharField(max_length=300)
    status = fields.CharEnumField(MessageStatus, max_length=10, default=MessageStatus.PENDING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    claim_token = fields.CharField(max_length=32, null=True)
    claimed_at = fields.DatetimeField(null=True)
    # A claim is a lease: the worker holding it (host:pid) and until when; any worker recovers it once expired.
    claim_owner = fields.CharField(max_length=100, null=True)
    lease_until = fields.DatetimeField(null=True)
    # Set just before the message data goes to the server: a lease lost after this point leaves the fate unknown.
    data_sent_at = fields.DatetimeField(null=True)
    last_error = fields.TextField(default='')
    sent_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = 'outbox_message'
        indexes = (Index(fields=('status', 'next_attempt_at')),)
