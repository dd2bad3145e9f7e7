"""A private note about a customer."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from .customer import Customer
from .user import User

if TYPE_CHECKING:
    from .attachment import Attachment


class NoteKind(StrEnum):
    GENERAL = 'general'
    EVENT = 'event'
    AGREEMENT = 'agreement'
    CONTACT = 'contact'


class Note(Model):
    id = fields.IntField(primary_key=True)
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        'models.Customer', related_name='notes', on_delete=fields.CASCADE
    )
    author: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        'models.User', related_name=False, null=True, on_delete=fields.SET_NULL
    )
    customer_id: int
    author_id: int | None
    kind = fields.CharEnumField(NoteKind, max_length=10, default=NoteKind.GENERAL)
    body = fields.TextField()
    event_date = fields.DateField(null=True)  # e.g. a special due date or the end of a contract
    pinned = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    deleted_at = fields.DatetimeField(null=True)  # deleted notes can be restored ("undo") until erased

    attachments: fields.ReverseRelation[Attachment]

    class Meta:
        table = 'note'
