"""'Erase personal data': a tombstone instead of the person, no notes or files; invoices stay as the law requires."""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from models import Attachment, AuditEntry, Customer, CustomFieldValue, Note, TaxIdStatus
from services.core import audit
from services.core.actors import Actor, require_admin
from services.core.errors import NotFound, ValidationFailed
from services.core.events import CustomerChanged, customer_changed
from services.core.i18n import _
from services.customers.edit.history import merged_ids
from services.customers.list.search_keys import customer_search_text
from services.notes.files import store

TOMBSTONE = 'Erased customer'
PERSONAL_TEXT = (
    'contact_person', 'email', 'email_key', 'phone', 'street', 'postal_code', 'city', 'tax_id', 'tax_id_scheme',
)  # fmt: skip


async def erase_customer(customer_id: int, *, confirmation: str, by: Actor) -> None:
    """Erase after the admin typed the customer number. Personal fields, custom values, notes, attachment files
    and the old and new values in the customer's history are removed; the number, invoices and payments remain.
    The customers merged into this one (their tombstones and their history) are erased with it.
    """
    require_admin(by)
    customer = await Customer.filter(id=customer_id).first()
    if customer is None:
        raise NotFound(_('No customer {customer_id}').format(customer_id=customer_id))
    if confirmation.strip().upper() != customer.number:
        raise ValidationFailed({'confirmation': _('Type {number} to confirm').format(number=customer.number)})
    now = datetime.now(UTC)
    merged = await merged_ids(customer_id)
    stored_names = [
        str(name)
        for name in await Attachment.filter(note__customer_id__in=[customer_id, *merged]).values_list(
            'stored_name', flat=True
        )
    ]
    async with in_transaction() as conn:
        await (
            Customer.filter(id=customer_id)
            .using_db(conn)
            .update(
                name=TOMBSTONE,
                name_key=TOMBSTONE.lower(),
                contact_person='',
                email='',
                email_key='',
                phone='',
                street='',
                postal_code='',
                city='',
                tax_id='',
                tax_id_status=TaxIdStatus.NONE,
                tax_id_scheme='',
                consent_email=False,
                consent_email_at=None,
                consent_phone=False,
                consent_phone_at=None,
                erased_at=now,
                archived_at=customer.archived_at or now,
                search_text=customer_search_text(
                    number=customer.number,
                    name=TOMBSTONE,
                    contact_person='',
                    email='',
                    phone='',
                    tax_id='',
                    country=customer.country,
                    city='',
                    postal_code='',
                ),
                version=F('version') + 1,
                updated_by_id=by.id,
                updated_at=now,
            )
        )
        if merged:
            await (
                Customer.filter(id__in=merged)
                .using_db(conn)
                .update(
                    **{column: '' for column in PERSONAL_TEXT},
                    name=TOMBSTONE,
                    name_key=TOMBSTONE.lower(),
                    tax_id_status=TaxIdStatus.NONE,
                    consent_email=False,
                    consent_email_at=None,
                    consent_phone=False,
                    consent_phone_at=None,
                    erased_at=now,
                    search_text='',
                    updated_by_id=by.id,
                    updated_at=now,
                )
            )
        everyone = [customer_id, *merged]
        await CustomFieldValue.filter(customer_id__in=everyone).using_db(conn).delete()
        await Note.filter(customer_id__in=everyone).using_db(conn).delete()  # attachments follow (cascade)
        await (
            AuditEntry.filter(entity='customer', entity_id__in=everyone)
            .using_db(conn)
            .update(old_value='', new_value='')
        )
        await audit.record(
            'customer.erase', by=by, entity='customer', entity_id=customer_id, detail=customer.number, conn=conn
        )
    for name in stored_names:
        store.delete(name)
    customer_changed.publish(CustomerChanged(customer_id, customer.number, 'archived'))
