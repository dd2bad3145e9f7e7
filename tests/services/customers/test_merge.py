"""Merging duplicates: nothing is lost, the merged number opens the survivor, admins only."""

from datetime import date

import pytest

from models import Attachment, AuditEntry, Customer, Invoice, NoteKind, Payment, PaymentMethod, Role
from services.core.actors import SYSTEM, Actor
from services.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from services.customers.custom_fields import CustomFieldKind, FieldDefinition, save_definition
from services.customers.duplicates import find_duplicates
from services.customers.edit.entry_points import update_customer_field
from services.customers.edit.history import customer_history
from services.customers.list.query import list_customers
from services.customers.list.spec import ListQuery
from services.customers.merge import merge_customers, merge_preview
from services.customers.privacy.erasure import erase_customer
from services.customers.registration import create_customer
from services.customers.views import CustomerView, get_customer, survivor_of
from services.invoicing.invoices import create_invoice
from services.invoicing.payments import record_payment
from services.notes.attachments import add_attachment
from services.notes.notes import add_note, list_notes
from tests.clock import FakeClock
from tests.factories import spanish_draft, welcome_draft
from tests.pdfs import plain_pdf
from tests.services.customers.test_category_counts import assert_counts_agree

MEMBER = Actor(id=None, name='Mia', role=Role.MEMBER, can_view_notes=True)


async def with_everything(view: CustomerView, key: str, clock: FakeClock) -> None:
    """An invoice with a payment, a note with a PDF, a history entry."""
    invoice, _ = await create_invoice(
        customer_number=view.number, draft=welcome_draft(), request_key=key, by=SYSTEM, clock=clock
    )
    await record_payment(
        invoice_id=invoice.id, amount='10', paid_on=date(2026, 3, 1), method=PaymentMethod.CASH, by=SYSTEM, clock=clock
    )
    note = await add_note(view.id, kind=NoteKind.AGREEMENT, body=f'Contract {key}', by=SYSTEM)
    await add_attachment(note.id, filename=f'{key}.pdf', data=plain_pdf(), by=SYSTEM)


async def two_duplicates(clock: FakeClock) -> tuple[CustomerView, CustomerView]:
    tier = await save_definition(FieldDefinition(key='tier', label='Tier', kind=CustomFieldKind.TEXT), by=SYSTEM)
    first = await create_customer(by=SYSTEM, draft=spanish_draft(categories=['VIP'], custom={tier.key: 'gold'}))
    second = await create_customer(
        by=SYSTEM,
        draft=spanish_draft(
            name='Talleres Peña', email='info@pena.es', tax_id='', city='Toledo', postal_code='45001',
            categories=['Toledo', 'vip'], custom={tier.key: 'silver'},
        ),
        confirmed_duplicates=[first.id],
    )  # fmt: skip
    for view, key in ((first, 'a'), (second, 'b')):
        await with_everything(view, key, clock)
    await update_customer_field(second.id, 'city', 'Toledo Centro', second.version, SYSTEM)
    return first, await get_customer(second.number)


async def test_nothing_is_lost_and_the_merged_number_opens_the_survivor(db: str, clock: FakeClock) -> None:
    first, second = await two_duplicates(clock)
    counts = [await model.all().count() for model in (Invoice, Payment, Attachment)]
    history = len(await customer_history(first.id, by=SYSTEM)) + len(await customer_history(second.id, by=SYSTEM))
    printed = {invoice.number: invoice.buyer for invoice in await Invoice.all()}

    preview = await merge_preview(first.id, second.id, by=SYSTEM)
    assert {f.key: (f.first, f.second) for f in preview.fields if f.differs}['city'] == ('Madrid', 'Toledo Centro')
    assert preview.counts['Invoices'] == (1, 1)
    survivor = await merge_customers(
        first.id, second.id, take={'city', 'postal_code', 'custom:tier'}, versions=(first.version, second.version),
        by=SYSTEM,
    )  # fmt: skip

    assert (survivor.city, survivor.postal_code, survivor.name, survivor.email) == (
        'Toledo Centro', '45001', 'Talleres Peña S.L.', 'jose@pena.es',
    )  # fmt: skip
    assert [(c.key, c.value) for c in survivor.custom] == [('tier', 'silver')]
    assert [c.name for c in survivor.categories] == ['Toledo', 'VIP']
    # Nothing lost: every invoice, payment, note and attachment now belongs to the survivor.
    assert [await model.all().count() for model in (Invoice, Payment, Attachment)] == counts
    assert await Invoice.filter(customer_id=first.id).count() == counts[0]
    notes = await list_notes(first.id, by=SYSTEM)
    assert sorted(n.body for n in notes) == ['Contract a', 'Contract b']
    assert sum(len(n.attachments) for n in notes) == counts[2]
    # Invoices keep their numbers and the buyer printed on them.
    assert {invoice.number: invoice.buyer for invoice in await Invoice.all()} == printed
    # The history holds both customers' entries, plus the merge and the survivor's changed fields.
    after = await customer_history(first.id, by=SYSTEM)
    assert len(after) >= history + 2
    assert {'Merged', 'Merged into another customer'} <= {item.text for item in after}
    assert await AuditEntry.filter(action='customer.merge', entity_id=first.id).count() == 1
    # The merged number opens the survivor; the tombstone is out of the list and the duplicate check.
    tombstone = await Customer.get(id=second.id)
    assert (tombstone.merged_into_id, tombstone.number) == (first.id, second.number)
    assert await survivor_of(second.id) == first.id
    assert await survivor_of(first.id) is None
    for archived in (False, True):
        rows = (await list_customers(ListQuery(archived=archived), by=SYSTEM)).rows
        assert [row.number for row in rows] == [first.number]
    assert [m.number for m in await find_duplicates(email='info@pena.es')] == []
    await assert_counts_agree()  # the category chips follow the moved links


async def test_a_merge_of_a_merge_still_opens_the_last_survivor(db: str) -> None:
    views = [
        await create_customer(by=SYSTEM, draft=spanish_draft(email=f'{n}@pena.es', tax_id=''), confirmed_duplicates=[])
        for n in ('a', 'b', 'c')
    ]
    await merge_customers(views[1].id, views[0].id, versions=(views[1].version, views[0].version), by=SYSTEM)
    middle = await get_customer(views[1].number)
    await merge_customers(views[2].id, middle.id, versions=(views[2].version, middle.version), by=SYSTEM)
    assert await survivor_of(views[0].id) == views[2].id
    assert len(await customer_history(views[2].id, by=SYSTEM)) == 3 + 2 * 2  # 3 registrations, 2 entries per merge


async def test_only_admins_merge_and_stale_or_merged_customers_are_refused(db: str) -> None:
    first = await create_customer(by=SYSTEM, draft=spanish_draft())
    second = await create_customer(by=SYSTEM, draft=spanish_draft(email='x@pena.es'), confirmed_duplicates=[first.id])
    with pytest.raises(PermissionDenied):
        await merge_preview(first.id, second.id, by=MEMBER)
    with pytest.raises(PermissionDenied):
        await merge_customers(first.id, second.id, versions=(1, 1), by=MEMBER)
    with pytest.raises(ValidationFailed):
        await merge_customers(first.id, first.id, versions=(1, 1), by=SYSTEM)
    await update_customer_field(second.id, 'city', 'Toledo', 1, SYSTEM)
    with pytest.raises(Conflict):
        await merge_customers(first.id, second.id, versions=(1, 1), by=SYSTEM)
    assert await Customer.filter(merged_into_id__isnull=False).count() == 0
    await merge_customers(first.id, second.id, versions=(1, 2), by=SYSTEM)
    with pytest.raises(NotFound):
        await merge_customers(first.id, second.id, versions=(2, 3), by=SYSTEM)
    with pytest.raises(NotFound):
        await update_customer_field(second.id, 'city', 'Ávila', 3, SYSTEM)


async def test_erasing_the_survivor_erases_the_merged_customer_too(db: str) -> None:
    first = await create_customer(by=SYSTEM, draft=spanish_draft())
    second = await create_customer(
        by=SYSTEM, draft=spanish_draft(email='info@pena.es', contact_person='Ana Ruiz'), confirmed_duplicates=[first.id]
    )
    await update_customer_field(second.id, 'city', 'Toledo', 1, SYSTEM)
    await merge_customers(first.id, second.id, versions=(1, 2), by=SYSTEM)
    await erase_customer(first.id, confirmation=first.number, by=SYSTEM)
    tombstone = await Customer.get(id=second.id)
    assert (tombstone.name, tombstone.email, tombstone.contact_person, tombstone.erased_at is not None) == (
        'Erased customer', '', '', True,
    )  # fmt: skip
    values = await AuditEntry.filter(entity_id=second.id).values_list('old_value', 'new_value')
    assert {value for pair in values for value in pair} == {''}
    assert await survivor_of(second.id) == first.id  # the old number still opens the (erased) survivor
