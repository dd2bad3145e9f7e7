"""The business that runs Clientbook: one row with its settings."""

from tortoise import fields
from tortoise.models import Model


class Company(Model):
    id = fields.IntField(primary_key=True)
    default_country = fields.CharField(max_length=2, default='DE')
    required_fields: fields.Field[list[str] | None] = fields.JSONField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = 'company'
