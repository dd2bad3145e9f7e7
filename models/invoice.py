"""Invoices and the payments against them."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from .customer import Customer
from .user import User


class InvoiceKind(StrEnum):
    WELCOME = 'welcome'
    REGULAR = 'regular'


class Invoice(Model):
    """An issued invoice: lines and the seller and buyer snapshots never change after issue."""

    # The status people see (sent, paid, overdue, ...) is derived in services from these facts.

    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=20, unique=True)
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        'models.Customer', related_name='invoices', on_delete=fields.RESTRICT
    )
    customer_id: int
    kind = fields.CharEnumField(InvoiceKind, max_length=10, default=InvoiceKind.REGULAR)
    idempotency_key = fields.CharField(max_length=100, unique=True)
    issue_date = fields.DateField()
    due_date = fields.DateField(db_index=True)
    currency = fields.CharField(max_length=3)
    lines: fields.Field[list[dict[str, Any]]] = fields.JSONField()
    vat_breakdown: fields.Field[list[dict[str, Any]]] = fields.JSONField()
    net_total: fields.Field[Decimal] = fields.DecimalField(max_digits=15, decimal_places=3)
    vat_total: fields.Field[Decimal] = fields.DecimalField(max_digits=15, decimal_places=3)
    total: fields.Field[Decimal] = fields.DecimalField(max_digits=15, decimal_places=3)
    paid_total: fields.Field[Decimal] = fields.DecimalField(max_digits=15, decimal_places=3, default=Decimal(0))
    message = fields.TextField(default='')
    reminders = fields.BooleanField(default=True)
    seller: fields.Field[dict[str, Any]] = fields.JSONField()
    buyer: fields.Field[dict[str, Any]] = fields.JSONField()
    sent_at = fields.DatetimeField(null=True)
    voided_at = fields.DatetimeField(null=True)
    void_reason = fields.CharField(max_length=200, default='')
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        'models.User', related_name=False, null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    payments: fields.ReverseRelation[Payment]

    class Meta:
        table = 'invoice'
        # Reports read invoices of a period from this index alone (the rows carry large JSON snapshots).
        indexes = (
            Index(
                fields=(
                    'issue_date', 'currency', 'voided_at', 'customer_id', 'total', 'net_total', 'paid_total',
                    'due_date',
                )
            ),
        )  # fmt: skip


class PaymentMethod(StrEnum):
    BANK_TRANSFER = 'bank_transfer'
    CASH = 'cash'
    CARD = 'card'
    OTHER = 'other'


class Payment(Model):
    id = fields.IntField(primary_key=True)
    invoice: fields.ForeignKeyRelation[Invoice] = fields.ForeignKeyField(
        'models.Invoice', related_name='payments', on_delete=fields.RESTRICT
    )
    amount: fields.Field[Decimal] = fields.DecimalField(max_digits=15, decimal_places=3)
    paid_on = fields.DateField()
    method = fields.CharEnumField(PaymentMethod, max_length=20, default=PaymentMethod.BANK_TRANSFER)
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        'models.User', related_name=False, null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = 'payment'
        indexes = (Index(fields=('invoice_id', 'paid_on', 'amount')), Index(fields=('paid_on', 'invoice_id', 'amount')))
