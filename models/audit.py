"""The audit log: who did what, when; also the change history of each customer."""

from __future__ import annotations

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from .user import User


class AuditEntry(Model):
    """Append-only. `actor_name` is copied so the entry stays readable after the user is renamed or removed."""

    id = fields.IntField(primary_key=True)
    at = fields.DatetimeField(auto_now_add=True, db_index=True)
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        'models.User', related_name=False, null=True, on_delete=fields.SET_NULL
    )
    actor_name = fields.CharField(max_length=100, default='')
    action = fields.CharField(max_length=40, db_index=True)
    entity = fields.CharField(max_length=20, default='')
    entity_id = fields.IntField(null=True)
    field = fields.CharField(max_length=40, default='')
    old_value = fields.TextField(default='')
    new_value = fields.TextField(default='')
    detail = fields.CharField(max_length=200, default='')
    client_address = fields.CharField(max_length=64, default='')

    class Meta:
        table = 'audit_entry'
        indexes = (Index(fields=('entity', 'entity_id', 'at')),)
