"""Editing a customer on the profile: version checks, history and reverting a change."""

import pytest

from models import AuditEntry, Customer, Role
from services.core.actors import SYSTEM, Actor
from services.core.errors import PermissionDenied, ValidationFailed
from services.customers.edit.bulk import set_archived
from services.customers.edit.conflicts import StaleVersion
from services.customers.edit.entry_points import update_customer, update_customer_field
from services.customers.edit.history import customer_history, revert_change
from services.customers.registration import create_customer
from services.customers.views import draft_of, get_customer
from tests.factories import spanish_draft

ANA = Actor(id=None, name='Ana', role=Role.MEMBER, can_view_notes=False)


async def test_only_the_changed_fields_are_written_and_recorded(db: str) -> None:
    view = await create_customer(by=SYSTEM, draft=spanish_draft(categories=['VIP']))
    draft = draft_of(view)
    draft.city = 'Sevilla'
    draft.postal_code = '41001'
    draft.categories = ['VIP', 'Wholesale']
    saved = await update_customer(view.id, draft, expected_version=view.version, by=ANA)
    assert (saved.city, saved.postal_code, saved.version) == ('Sevilla', '41001', 2)
    assert [c.name for c in saved.categories] == ['VIP', 'Wholesale']
    changes = (
        await AuditEntry.filter(action='customer.update').order_by('id').values_list('field', 'old_value', 'new_value')
    )
    assert changes == [
        ('postal_code', '28013', '41001'),
        ('city', 'Madrid', 'Sevilla'),
        ('categories', 'VIP', 'VIP, Wholesale'),
    ]


async def test_a_stale_version_is_rejected_and_shows_the_stored_values(db: str) -> None:
    view = await create_customer(by=SYSTEM, draft=spanish_draft())
    first = draft_of(view)
    first.city = 'Bilbao'
    first.postal_code = '48001'
    await update_customer(view.id, first, expected_version=view.version, by=ANA)
    second = draft_of(view)
    second.contact_person = 'Lucía Pérez'
    with pytest.raises(StaleVersion) as stale:
        await update_customer(view.id, second, expected_version=view.version, by=SYSTEM)
    assert (stale.value.current.city, stale.value.current.version) == ('Bilbao', 2)
    assert stale.value.current.contact_person == 'José García'


async def test_edits_are_validated_like_registration(db: str) -> None:
    view = await create_customer(by=SYSTEM, draft=spanish_draft())
    draft = draft_of(view)
    draft.email = 'jose@'
    with pytest.raises(ValidationFailed) as failure:
        await update_customer(view.id, draft, expected_version=view.version, by=ANA)
    assert list(failure.value.errors) == ['email']
    assert (await Customer.get(id=view.id)).email == 'jose@pena.es'


async def test_history_lists_changes_and_a_revert_restores_the_old_value(db: str) -> None:
    view = await create_customer(by=SYSTEM, draft=spanish_draft())
    draft = draft_of(view)
    draft.phone = '+34 699 99 99 99'
    await update_customer(view.id, draft, expected_version=view.version, by=ANA)
    history = await customer_history(view.id, by=SYSTEM)
    assert [(item.text, item.field_label, item.actor_name) for item in history] == [
        ('Changed', 'Phone', 'Ana'),
        ('Registered', '', 'Clientbook'),
    ]
    await revert_change(history[0].id, by=SYSTEM)
    restored = await get_customer(view.number)
    assert restored.phone == '+34612345678'
    latest = (await customer_history(view.id, by=SYSTEM))[0]
    assert (latest.text, latest.old, latest.new) == ('Reverted', '+34 699 99 99 99', '+34 612 34 56 78')
    with pytest.raises(PermissionDenied):
        await revert_change(latest.id, by=ANA)


async def test_archive_and_restore_are_for_admins_and_recorded(db: str) -> None:
    view = await create_customer(by=SYSTEM, draft=spanish_draft())
    with pytest.raises(PermissionDenied):
        await set_archived(view.id, True, by=ANA)
    assert (await set_archived(view.id, True, by=SYSTEM)).archived
    assert not (await set_archived(view.id, False, by=SYSTEM)).archived
    texts = [item.text for item in await customer_history(view.id, by=SYSTEM)]
    assert texts[:2] == ['Restored', 'Archived']


async def test_history_shows_an_edit_in_the_table_and_one_in_the_profile(db: str) -> None:
    view = await create_customer(by=SYSTEM, draft=spanish_draft())
    await update_customer_field(view.id, 'city', 'Madrid Centro', view.version, ANA)
    current = await get_customer(view.number)
    draft = draft_of(current)
    draft.contact_person = 'Lucía Pérez'
    await update_customer(view.id, draft, expected_version=current.version, by=SYSTEM)
    items = await customer_history(view.id, by=SYSTEM)
    assert [(item.field_label, item.actor_name, item.new) for item in items if item.field] == [
        ('Contact person', 'Clientbook', 'Lucía Pérez'),
        ('City', 'Ana', 'Madrid Centro'),
    ]
    await revert_change(items[1].id, by=SYSTEM)  # the table's edit can be reverted from the profile's history
    assert (await get_customer(view.number)).city == 'Madrid'
