"""A category (tag) that groups customers; a customer may have several."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from .customer import Customer


class Category(Model):
    """`name_key` is the case-folded name, so "VIP" and "vip" are one category."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=50)
    name_key = fields.CharField(max_length=50, unique=True)
    colour = fields.CharField(max_length=7)
    description = fields.CharField(max_length=200, default='')
    created_at = fields.DatetimeField(auto_now_add=True)

    customers: fields.ManyToManyRelation[Customer]

    class Meta:
        table = 'category'
