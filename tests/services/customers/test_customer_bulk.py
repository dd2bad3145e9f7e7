"""Bulk actions on selected customers, the archive, permanent deletion and the CSV export."""

import csv
import io
import re
from datetime import datetime

import pytest
from openpyxl import load_workbook

from models import AuditEntry, Category, Customer, Note, Role
from services.core.actors import SYSTEM, Actor
from services.core.errors import Conflict, DeletionBlocked, PermissionDenied, ValidationFailed
from services.customers.csv_export import HEADER, csv_cell, export_customers_csv, export_customers_xlsx
from services.customers.edit.bulk import (
    add_category,
    archive_customers,
    delete_customers,
    remove_category,
    restore_customers,
)
from services.customers.edit.entry_points import update_customer_field
from services.customers.list.query import list_customers
from services.customers.list.spec import ListQuery
from services.customers.registration import create_customer
from services.invoicing.invoices import send_welcome_invoice
from tests.factories import korean_draft, spanish_draft, welcome_draft

MEMBER = Actor(id=None, name='Member', role=Role.MEMBER, can_view_notes=False)


async def three_customers() -> list[int]:
    views = [
        await create_customer(by=SYSTEM, draft=spanish_draft(categories=['VIP'])),
        await create_customer(by=SYSTEM, draft=korean_draft()),
        await create_customer(by=SYSTEM, draft=korean_draft(name='Lee Seo-yeon', email='sy@example.kr')),
    ]
    return [view.id for view in views]


async def test_a_member_adds_and_removes_a_category_on_many_customers(db: str) -> None:
    ids = await three_customers()
    assert await add_category(ids, ' vip ', by=MEMBER) == 2  # the first one has it already
    vip = await Category.get(name='VIP')
    assert sorted(await vip.customers.all().values_list('id', flat=True)) == ids
    assert [c.version for c in await Customer.filter(id__in=ids).order_by('id')] == [1, 2, 2]
    assert await Customer.filter(category_sort='vip').count() == 3
    assert await add_category(ids[:1], 'Export', by=MEMBER) == 1
    assert (await Customer.get(id=ids[0])).category_sort == 'export,vip'
    assert await remove_category(ids, vip.id, by=MEMBER) == 3
    assert await vip.customers.all().count() == 0
    entries = await AuditEntry.filter(action='customer.update', entity_id=ids[0]).order_by('id')
    assert [(e.old_value, e.new_value) for e in entries] == [('VIP', 'Export, VIP'), ('Export, VIP', 'Export')]


async def test_a_bulk_category_change_makes_an_open_edit_of_the_categories_conflict(db: str) -> None:
    (first, *_) = await three_customers()
    await add_category([first], 'Export', by=MEMBER)
    with pytest.raises(Conflict):
        await update_customer_field(first, 'categories', [], 1, SYSTEM, seen=['VIP'])


async def test_a_category_name_is_checked_like_in_the_form(db: str) -> None:
    ids = await three_customers()
    for bad in ('', '   ', 'x' * 51):
        with pytest.raises(ValidationFailed):
            await add_category(ids, bad, by=MEMBER)


async def test_archive_hides_and_restore_brings_back_admins_only(db: str) -> None:
    ids = await three_customers()
    with pytest.raises(PermissionDenied):
        await archive_customers(ids, by=MEMBER)
    assert await archive_customers(ids[:2], by=SYSTEM) == 2
    assert await archive_customers(ids[:2], by=SYSTEM) == 0
    assert [row.id for row in (await list_customers(ListQuery(), by=SYSTEM)).rows] == [ids[2]]
    with pytest.raises(PermissionDenied):
        await restore_customers(ids, by=MEMBER)
    assert await restore_customers(ids, by=SYSTEM) == 2
    assert (await list_customers(ListQuery(), by=SYSTEM)).total == 3
    actions = await AuditEntry.filter(action__in=['customer.archive', 'customer.restore']).values_list('action')
    assert sorted(action for (action,) in actions) == ['customer.archive'] * 2 + ['customer.restore'] * 2


async def test_permanent_deletion_removes_customers_with_their_notes_admins_only(db: str) -> None:
    ids = await three_customers()
    await Note.create(customer_id=ids[0], body='Prefers calls')
    with pytest.raises(PermissionDenied):
        await delete_customers(ids[:1], by=MEMBER)
    assert await delete_customers(ids[:1], by=SYSTEM) == 1
    assert await Customer.filter(id=ids[0]).count() == 0
    assert await Note.all().count() == 0
    assert (await list_customers(ListQuery(search='pena'), by=SYSTEM)).rows == []
    entry = await AuditEntry.get(action='customer.delete')
    assert (entry.entity_id, entry.old_value) == (ids[0], 'C-00001 Talleres Peña S.L.')


async def test_deletion_is_refused_while_invoices_or_payments_exist(db: str) -> None:
    ids = await three_customers()
    await send_welcome_invoice(customer_number='C-00002', draft=welcome_draft(), by=SYSTEM)
    with pytest.raises(DeletionBlocked) as blocked:
        await delete_customers(ids, by=SYSTEM)
    assert blocked.value.reasons == {'C-00002': ['invoices']}
    assert await Customer.all().count() == 3
    assert await delete_customers([ids[0], ids[2]], by=SYSTEM) == 2


async def test_export_is_utf8_with_bom_quotes_formulas_and_is_recorded(db: str) -> None:
    ids = await three_customers()
    risky = await create_customer(by=SYSTEM, draft=korean_draft(name='=HYPERLINK("http://x")', email='x@example.kr'))
    data = await export_customers_csv([*ids, risky.id], by=MEMBER)
    assert data.startswith(b'\xef\xbb\xbf')
    rows = list(csv.reader(io.StringIO(data.decode('utf-8-sig'))))
    assert rows[0][:3] == ['Number', 'Name', 'Type']
    assert [row[0] for row in rows[1:]] == ['C-00001', 'C-00002', 'C-00003', 'C-00004']
    assert rows[2][1] == '김민준' and rows[1][12] == 'VIP'
    assert rows[4][1] == '\'=HYPERLINK("http://x")'
    assert rows[2][5] == '+82 10-1234-5678'  # a phone number is not a formula: no apostrophe
    assert b'\r\n' in data
    created = rows[0].index('Created')
    assert all(re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\dZ', row[created]) for row in rows[1:])  # ISO 8601, UTC
    entry = await AuditEntry.get(action='customer.export')
    assert (entry.actor_name, entry.detail) == ('Member', '4 customers as CSV')


@pytest.mark.parametrize(
    ('value', 'written'),
    [
        ('+82 10-1234-5678', '+82 10-1234-5678'),
        ('+1 201-555-0123 ext. 123', '+1 201-555-0123 ext. 123'),
        ('-12.50', '-12.50'),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ('+cmd|x', "'+cmd|x"),
        ('@SUM(A1:A2)', "'@SUM(A1:A2)"),
        ('\t5', "'\t5"),
    ],
)
def test_csv_formula_guard_only_where_a_spreadsheet_would_evaluate(value: str, written: str) -> None:
    assert csv_cell(value) == written


async def test_xlsx_export_types_its_cells(db: str) -> None:
    ids = await three_customers()
    risky = await create_customer(by=SYSTEM, draft=korean_draft(name='=HYPERLINK("http://x")', email='x@example.kr'))
    us = await create_customer(
        by=SYSTEM,
        draft=korean_draft(
            name='Acme Inc.', email='ap@acme.example', country='US', phone='(201) 555-0123 x123',
            postal_code='10001', city='New York', tax_id='04-2103594',
        ),
    )  # fmt: skip
    data = await export_customers_xlsx([*ids, risky.id, us.id], by=MEMBER)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    rows = [[cell for cell in row] for row in sheet.iter_rows()]
    assert [cell.value for cell in rows[0][:3]] == ['Number', 'Name', 'Type']
    created, terms = HEADER.index('Created'), HEADER.index('Payment terms (days)')
    texts = [cell for row in rows for column, cell in enumerate(row) if column not in (created, terms)]
    assert all(cell.data_type == 's' for cell in texts if cell.value is not None)
    assert all(isinstance(row[created].value, datetime) and row[created].is_date for row in rows[1:])
    assert all(row[terms].value is None or isinstance(row[terms].value, int) for row in rows[1:])
    assert rows[4][1].value == '=HYPERLINK("http://x")'  # a string, not a formula
    assert rows[2][5].value == '+82 10-1234-5678'
    assert (rows[5][5].value, rows[5][10].value) == ('+1 201-555-0123 ext. 123', '04-2103594')
