"""Imports: saved column mappings, import batches (the undo unit) and what each batch did to each customer."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from .user import User


class ImportMapping(Model):
    """A column mapping kept by name: header text to target field, see services.customers.transfer.mapping."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100, unique=True)
    columns: fields.Field[dict[str, Any]] = fields.JSONField()
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = 'import_mapping'


class ImportStatus(StrEnum):
    RUNNING = 'running'
    DONE = 'done'
    CANCELLED = 'cancelled'
    FAILED = 'failed'
    UNDONE = 'undone'


class ImportBatch(Model):
    """One import run. Counts are updated after every committed chunk, and rejected holds the rows not imported."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    filename = fields.CharField(max_length=200, default='')
    status = fields.CharEnumField(ImportStatus, max_length=10, default=ImportStatus.RUNNING)
    total = fields.IntField(default=0)
    done = fields.IntField(default=0)
    created = fields.IntField(default=0)
    updated = fields.IntField(default=0)
    unchanged = fields.IntField(default=0)
    skipped = fields.IntField(default=0, db_default=0)  # rows the user chose to skip in the preview
    rejected_count = fields.IntField(default=0)
    rejected: fields.Field[list[Any]] = fields.JSONField()  # [[row number, reason, cells...], ...]
    headers: fields.Field[list[str] | None] = fields.JSONField(null=True)  # the file's column names (rejected rows)
    message = fields.TextField(default='')
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        'models.User', related_name=False, null=True, on_delete=fields.SET_NULL
    )
    started_at = fields.DatetimeField(auto_now_add=True)
    finished_at = fields.DatetimeField(null=True)
    undone_at = fields.DatetimeField(null=True)

    class Meta:
        table = 'import_batch'


class ImportChange(Model):
    """What a batch did to one customer: created it or overwrote before, draft field to the value as it was.

    version is the version of the customer right after the import, a higher one means something newer touched it.
    """

    id = fields.IntField(primary_key=True)
    batch: fields.ForeignKeyRelation[ImportBatch] = fields.ForeignKeyField(
        'models.ImportBatch', related_name='changes', on_delete=fields.CASCADE
    )
    customer_id = fields.IntField(db_index=True)
    created = fields.BooleanField()
    before: fields.Field[dict[str, Any]] = fields.JSONField()
    version = fields.IntField()

    class Meta:
        table = 'import_change'
