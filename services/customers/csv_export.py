"""Exporting selected customers as CSV that spreadsheet programs open correctly (UTF-8 with BOM, Excel line ends)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from models import Customer
from services.core import audit
from services.core.actors import Actor
from services.core.validation import format_phone, format_tax_id
from services.customers.categories import category_key
from services.customers.custom_fields import displayed_values, list_definitions
from services.customers.edit.bulk import CHUNK, checked_selection

HEADER = (
    'Number',
    'Name',
    'Type',
    'Contact person',
    'Email',
    'Phone',
    'Street',
    'Postal code',
    'City',
    'Country',
    'Tax ID',
    'Payment terms (days)',
    'Categories',
    'Created',
    'Archived',
)
# A cell starting with one of these is a formula to a spreadsheet (CSV injection): such cells get a leading quote.
FORMULA_STARTS = ('=', '+', '-', '@', '\t', '\r')


async def export_customers_csv(customer_ids: Sequence[int], *, by: Actor) -> bytes:
    """The selected customers (notes are never exported here), ordered by number. Recorded in the audit log."""
    ids = checked_selection(customer_ids)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    definitions = await list_definitions()
    writer.writerow([*HEADER, *(definition.label for definition in definitions)])
    customers: list[Customer] = []
    custom: dict[int, dict[str, str]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        customers += await Customer.filter(id__in=chunk).prefetch_related('categories')
        custom |= await displayed_values(chunk)
    for customer in sorted(customers, key=lambda c: c.number):
        extra = [custom[customer.id].get(definition.key, '') for definition in definitions]
        writer.writerow([_cell(value) for value in [*_values(customer), *extra]])
    await audit.record('customer.export', by=by, entity='customer', detail=f'{len(customers)} customers as CSV')
    return buffer.getvalue().encode('utf-8-sig')


def _values(c: Customer) -> list[str]:
    return [
        c.number,
        c.name,
        c.kind.value,
        c.contact_person,
        c.email,
        format_phone(c.phone),
        c.street,
        c.postal_code,
        c.city,
        c.country,
        format_tax_id(c.tax_id, c.country, c.kind.value),
        '' if c.payment_terms_days is None else str(c.payment_terms_days),
        ', '.join(sorted((category.name for category in c.categories), key=category_key)),
        c.created_at.strftime('%Y-%m-%d %H:%M'),
        c.archived_at.strftime('%Y-%m-%d %H:%M') if c.archived_at else '',
    ]


def _cell(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value
