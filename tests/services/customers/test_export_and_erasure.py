"""'Export data' returns everything; 'Erase personal data' leaves nothing personal behind."""

import io
import json
import zipfile

import pytest

from models import Attachment, AuditEntry, Customer, CustomFieldKind, CustomFieldValue, Note, NoteKind, Role
from services.core.actors import SYSTEM, Actor
from services.core.errors import PermissionDenied, ValidationFailed
from services.customers.custom_fields import FieldDefinition, save_definition
from services.customers.duplicates import find_duplicates
from services.customers.edit.entry_points import update_customer
from services.customers.list.query import list_customers
from services.customers.list.spec import ListQuery
from services.customers.privacy.data_export import EXPORT_SECTIONS, export_customer
from services.customers.privacy.erasure import erase_customer
from services.customers.registration import create_customer
from services.customers.views import draft_of, get_customer
from services.invoicing.invoices import send_welcome_invoice
from services.invoicing.views import customer_invoices
from services.notes import files
from services.notes.attachments import add_attachment
from services.notes.notes import add_note
from tests.clock import FakeClock
from tests.factories import spanish_draft, welcome_draft
from tests.pdfs import plain_pdf

ADMIN_WITHOUT_NOTES = Actor(id=None, name='Ola', role=Role.ADMIN, can_view_notes=False)


async def rich_customer() -> tuple[int, bytes]:
    await save_definition(FieldDefinition(label='Industry', kind=CustomFieldKind.TEXT), by=SYSTEM)
    view = await create_customer(
        by=SYSTEM, draft=spanish_draft(categories=['VIP'], custom={'industry': 'Cars'}, note='Prefers WhatsApp')
    )
    draft = draft_of(view)
    draft.city, draft.postal_code = 'Bilbao', '48001'
    await update_customer(view.id, draft, expected_version=view.version, by=SYSTEM)
    note = await add_note(view.id, kind=NoteKind.AGREEMENT, body='Framework contract', by=SYSTEM)
    pdf = plain_pdf()
    await add_attachment(note.id, filename='contract.pdf', data=pdf, by=SYSTEM)
    await send_welcome_invoice(customer_number=view.number, draft=welcome_draft(), by=SYSTEM, clock=FakeClock())
    return view.id, pdf


async def test_export_contains_every_part(db: str) -> None:
    customer_id, pdf = await rich_customer()
    name, content = await export_customer(customer_id, by=SYSTEM)
    archive = zipfile.ZipFile(io.BytesIO(content))
    document = json.loads(archive.read('customer.json'))
    assert name == 'C-00001-export.zip'
    assert set(EXPORT_SECTIONS) <= set(document)
    assert document['customer']['email'] == 'jose@pena.es'
    assert document['categories'] == ['VIP']
    assert document['custom_fields'][0]['display'] == 'Cars'
    assert sorted(note['body'] for note in document['notes']) == ['Framework contract', 'Prefers WhatsApp']
    assert any(item['field'] == 'city' for item in document['history'])
    assert [invoice['number'] for invoice in document['invoices']['invoices']] == ['2026-0001']
    attachment_names = [info.filename for info in archive.infolist() if info.filename.startswith('attachments/')]
    assert len(attachment_names) == 1 and attachment_names[0].endswith('contract.pdf')
    assert archive.read(attachment_names[0]) == pdf
    assert await AuditEntry.filter(action='customer.export', entity_id=customer_id).exists()


async def test_export_is_for_admins_and_withholds_notes_without_notes_access(db: str) -> None:
    customer_id, _ = await rich_customer()
    with pytest.raises(PermissionDenied):
        await export_customer(customer_id, by=Actor(id=None, name='Mia', role=Role.MEMBER, can_view_notes=True))
    _, content = await export_customer(customer_id, by=ADMIN_WITHOUT_NOTES)
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert json.loads(archive.read('customer.json'))['notes'].startswith('withheld')
    assert archive.namelist() == ['customer.json']


async def test_erasure_needs_the_typed_number(db: str) -> None:
    customer_id, _ = await rich_customer()
    with pytest.raises(ValidationFailed, match='Type C-00001 to confirm'):
        await erase_customer(customer_id, confirmation='yes', by=SYSTEM)
    with pytest.raises(PermissionDenied):
        await erase_customer(
            customer_id, confirmation='C-00001', by=Actor(id=None, name='Mia', role=Role.MEMBER, can_view_notes=True)
        )


async def test_erasure_leaves_no_personal_data_behind(db: str) -> None:
    customer_id, _ = await rich_customer()
    stored_files = list(files.store.root.iterdir())
    assert len(stored_files) == 1
    await erase_customer(customer_id, confirmation='c-00001', by=SYSTEM)
    row = await Customer.get(id=customer_id)
    personal = [row.name, row.contact_person, row.email, row.phone, row.street, row.postal_code, row.city, row.tax_id]
    assert personal == ['Erased customer', '', '', '', '', '', '', '']
    assert row.erased_at is not None and row.archived_at is not None and row.number == 'C-00001'
    assert await Note.filter(customer_id=customer_id).count() == 0
    assert await Attachment.all().count() == 0
    assert await CustomFieldValue.filter(customer_id=customer_id).count() == 0
    assert list(files.store.root.iterdir()) == []
    values = await AuditEntry.filter(entity_id=customer_id, entity='customer').values_list('old_value', 'new_value')
    assert all(old == new == '' for old, new in values)
    assert await find_duplicates(email='jose@pena.es', tax_id='ESB64717838', name='Talleres Peña S.L.') == []
    assert (await get_customer('C-00001')).erased
    assert await AuditEntry.filter(action='customer.erase', entity_id=customer_id).exists()
    kept = await customer_invoices('C-00001')  # invoices stay, as the law requires
    assert [invoice.number for invoice in kept.invoices] == ['2026-0001']


async def test_erased_customers_and_note_text_are_not_found_by_the_list_search(db: str) -> None:
    customer_id, _ = await rich_customer()
    assert (await list_customers(ListQuery(search='pena'), by=SYSTEM)).total == 1
    assert (await list_customers(ListQuery(search='framework contract'), by=SYSTEM)).total == 0  # a note's text
    await erase_customer(customer_id, confirmation='C-00001', by=SYSTEM)
    for term in ('pena', 'jose@pena.es', '612 34 56 78', 'B64717838', 'Madrid', 'Bilbao'):
        assert (await list_customers(ListQuery(search=term, archived=True), by=SYSTEM)).total == 0, term
    assert (await list_customers(ListQuery(search='C-00001', archived=True), by=SYSTEM)).total == 1
