"""Exporting selected customers for spreadsheets: CSV (UTF-8 with BOM, Excel line ends) and XLSX (typed cells).

Every value is the one the profile shows (phone with extension, tax ID formatted for its country). CSV cells that a
spreadsheet would evaluate as a formula get a leading apostrophe (CSV injection, OWASP); a phone number such as
`+1 201-555-0123 ext. 123` is not a formula and is written as it is. XLSX needs no guard: its cells are typed as text,
so `=HYPERLINK(...)` stays a string and `+82 10-1234-5678` stays a phone number.
Values stay machine-readable whatever the user's language: CSV dates are ISO 8601 in UTC (`2026-11-30T15:05Z`);
XLSX has real date-time cells (UTC, shown `yyyy-mm-dd hh:mm`; the spreadsheet displays them in its own locale) and
the payment terms as a number.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import UTC, datetime

from models import Customer
from services.core import audit
from services.core.actors import Actor
from services.core.i18n import N_, _
from services.core.values.validation import format_phone, format_tax_id
from services.customers.categories import category_key
from services.customers.custom_fields import displayed_values, list_definitions, shown_text
from services.customers.edit.bulk import CHUNK, checked_selection

HEADER = (
    N_('Number'),
    N_('Name'),
    N_('Type'),
    N_('Contact person'),
    N_('Email'),
    N_('Phone'),
    N_('Street'),
    N_('Postal code'),
    N_('City'),
    N_('Country'),
    N_('Tax ID'),
    N_('Payment terms (days)'),
    N_('Categories'),
    N_('Created'),
    N_('Archived'),
)
# A cell starting with one of these may be a formula to a spreadsheet (CSV injection).
FORMULA_STARTS = ('=', '+', '-', '@', '\t', '\r')
# ...unless it is a plain number or phone number: signs, digits, spaces, brackets, dots, dashes, slashes, an extension.
PLAIN_NUMBER = re.compile(r'[+-]?[\d ().\-/]*\d[\d ().\-/]*(?: ext\. \d+)?')
XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
XLSX_DATE_TIME = 'yyyy-mm-dd hh:mm'
Cell = str | int | datetime | None


async def export_customers_csv(customer_ids: Sequence[int], *, by: Actor) -> bytes:
    """The selected customers (notes are never exported here), ordered by number. Recorded in the audit log."""
    rows = await _rows(customer_ids)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(rows[0])
    writer.writerows([csv_cell(_text(value)) for value in row] for row in rows[1:])
    await audit.record('customer.export', by=by, entity='customer', detail=f'{len(rows) - 1} customers as CSV')
    return buffer.getvalue().encode('utf-8-sig')


async def export_customers_xlsx(customer_ids: Sequence[int], *, by: Actor) -> bytes:
    """The same rows as the CSV export in an Excel workbook: text cells (nothing is evaluated), date-time cells for
    created/archived (UTC), a number for the payment terms."""
    from openpyxl import Workbook  # loaded on the first XLSX export (~50 ms once), not at start-up
    from openpyxl.cell.cell import TYPE_STRING

    rows = await _rows(customer_ids)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _('Customers')
    for row in rows:
        sheet.append(
            [value.astimezone(UTC).replace(tzinfo=None) if isinstance(value, datetime) else value for value in row]
        )
    for cells in sheet.iter_rows():
        for cell in cells:
            if cell.is_date:
                cell.number_format = XLSX_DATE_TIME
            elif isinstance(cell.value, str):
                cell.data_type = TYPE_STRING  # openpyxl reads a leading '=' as a formula; these are values
                cell.number_format = '@'
    sheet.freeze_panes = 'A2'
    buffer = io.BytesIO()
    book.save(buffer)
    await audit.record('customer.export', by=by, entity='customer', detail=f'{len(rows) - 1} customers as XLSX')
    return buffer.getvalue()


def csv_cell(value: str) -> str:
    """The value, with a leading apostrophe when a spreadsheet would evaluate it as a formula."""
    if value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(value):
        return f"'{value}"
    return value


def _text(value: Cell) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime('%Y-%m-%dT%H:%MZ')
    return '' if value is None else str(value)


async def _rows(customer_ids: Sequence[int]) -> list[list[Cell]]:
    """The header and one row per customer, ordered by number."""
    ids = checked_selection(customer_ids)
    definitions = await list_definitions()
    customers: list[Customer] = []
    custom: dict[int, dict[str, str | bool]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        customers += await Customer.filter(id__in=chunk).prefetch_related('categories')
        custom |= await displayed_values(chunk)
    rows: list[list[Cell]] = [[*(_(title) for title in HEADER), *(definition.label for definition in definitions)]]
    for customer in sorted(customers, key=lambda c: c.number):
        extra = [shown_text(custom[customer.id].get(definition.key, '')) for definition in definitions]
        rows.append([*_values(customer), *extra])
    return rows


def _values(c: Customer) -> list[Cell]:
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
        format_tax_id(c.tax_id, c.country, c.kind.value, c.tax_id_scheme),
        c.payment_terms_days,
        ', '.join(sorted((category.name for category in c.categories), key=category_key)),
        c.created_at,
        c.archived_at,
    ]
