"""Custom customer fields an admin defines: definitions and typed values in separate tables, so there is no limit."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from .customer import Customer


class CustomFieldKind(StrEnum):
    TEXT = 'text'
    LONG_TEXT = 'long_text'
    NUMBER = 'number'
    DATE = 'date'
    YES_NO = 'yes_no'
    CHOICE = 'choice'
    URL = 'url'
    EMAIL = 'email'


class CustomFieldDefinition(Model):
    """Deactivating a definition hides the field but keeps every stored value."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=40, unique=True)
    label = fields.CharField(max_length=80)
    kind = fields.CharEnumField(CustomFieldKind, max_length=10)
    options: fields.Field[list[str]] = fields.JSONField(default=list)
    required = fields.BooleanField(default=False)
    position = fields.IntField(default=0)
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = 'custom_field_definition'


class CustomFieldValue(Model):
    """One typed value: exactly one of the value columns is used, chosen by the kind of the definition."""

    id = fields.IntField(primary_key=True)
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        'models.Customer', related_name='custom_values', on_delete=fields.CASCADE
    )
    definition: fields.ForeignKeyRelation[CustomFieldDefinition] = fields.ForeignKeyField(
        'models.CustomFieldDefinition', related_name='values', on_delete=fields.CASCADE
    )
    customer_id: int
    definition_id: int
    text = fields.TextField(null=True)
    number = fields.DecimalField(max_digits=20, decimal_places=6, null=True)
    date = fields.DateField(null=True)
    flag = fields.BooleanField(null=True)

    class Meta:
        table = 'custom_field_value'
        unique_together = (('customer', 'definition'),)
