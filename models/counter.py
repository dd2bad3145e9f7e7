"""Named counters for gap-free numbers (customers, invoices per year)."""

from tortoise import fields
from tortoise.models import Model


class Counter(Model):
    name = fields.CharField(max_length=40, primary_key=True)
    value = fields.IntField(default=0)

    class Meta:
        table = 'counter'
