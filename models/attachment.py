"""A file attached to a note (PDF contracts). The bytes live in the data dir under a random name."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from .note import Note
from .user import User


class Attachment(Model):
    """`original_name` is metadata only: the file on disk is named `stored_name` (a UUID), never by the user."""

    id = fields.IntField(primary_key=True)
    note: fields.ForeignKeyRelation[Note] = fields.ForeignKeyField(
        'models.Note', related_name='attachments', on_delete=fields.CASCADE
    )
    note_id: int
    original_name = fields.CharField(max_length=200)
    stored_name = fields.CharField(max_length=64, unique=True)
    size = fields.IntField()
    sha256 = fields.CharField(max_length=64)
    content_type = fields.CharField(max_length=100, default='application/pdf')
    pages = fields.IntField(default=0)
    uploaded_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        'models.User', related_name=False, null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = 'attachment'
