"""The catalogue of products and services that invoice lines are picked from."""

from decimal import Decimal

from tortoise import fields
from tortoise.models import Model


class Product(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    unit = fields.CharField(max_length=20, default='')
    unit_price: fields.Field[Decimal] = fields.DecimalField(max_digits=16, decimal_places=4)  # up to 4 decimals
    vat_rate: fields.Field[Decimal] = fields.DecimalField(max_digits=6, decimal_places=3)
    archived_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = 'product'
