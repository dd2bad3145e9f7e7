"""The one write path: every entry point (cell, profile, revert, bulk) goes through `change_customer(s)`."""

import pytest

from models import AuditEntry, Customer, CustomFieldKind
from services.core.actors import SYSTEM
from services.core.errors import ValidationFailed
from services.customers.custom_fields import FieldDefinition, save_definition
from services.customers.edit.bulk import add_category
from services.customers.edit.change import change_customer
from services.customers.edit.conflicts import StaleVersion
from services.customers.edit.entry_points import update_customer, update_customer_field
from services.customers.edit.history import customer_history, revert_change
from services.customers.list.query import list_customers
from services.customers.list.spec import ListQuery
from services.customers.registration import create_customer
from services.customers.registration_settings import set_required_fields
from services.customers.views import draft_of, get_customer_by_id
from tests.factories import spanish_draft


async def found(term: str) -> list[str]:
    return [row.number for row in (await list_customers(ListQuery(search=term), by=SYSTEM)).rows]


async def test_every_entry_point_keeps_the_search_text_and_sort_keys(db: str) -> None:
    view = await create_customer(by=SYSTEM, draft=spanish_draft())
    await update_customer_field(view.id, 'city', 'Cádiz', 1, SYSTEM)
    assert await found('cadiz') == [view.number]
    draft = draft_of(await get_customer_by_id(view.id))
    draft.name = 'Ferretería Quintana'
    await update_customer(view.id, draft, expected_version=2, by=SYSTEM)
    assert await found('quintana') == [view.number]
    [entry] = await AuditEntry.filter(field='name').values_list('id', flat=True)
    await revert_change(entry, by=SYSTEM)
    assert await found('quintana') == []
    assert await add_category([view.id], 'Mayorista', by=SYSTEM) == 1
    customer = await Customer.get(id=view.id)
    assert (customer.category_sort, customer.version) == ('mayorista', 5)


async def test_a_partial_change_checks_and_writes_only_the_changed_fields(db: str) -> None:
    view = await create_customer(by=SYSTEM, draft=spanish_draft())
    await Customer.filter(id=view.id).update(street='')  # an old record missing a field that is required now
    await set_required_fields(['street'], by=SYSTEM)
    saved = await change_customer(view.id, {'city': 'Toledo'}, expected_version=1, by=SYSTEM)
    assert (saved.city, saved.version) == ('Toledo', 2)
    with pytest.raises(ValidationFailed) as failure:
        await change_customer(view.id, {'email': 'not an email', 'city': 'Ávila'}, expected_version=2, by=SYSTEM)
    assert set(failure.value.errors) == {'email'}
    assert (await get_customer_by_id(view.id)).city == 'Toledo'


async def test_one_custom_field_changes_alone_and_is_recorded(db: str) -> None:
    tier = await save_definition(
        FieldDefinition(label='Tier', kind=CustomFieldKind.CHOICE, options=['Gold', 'Silver']), by=SYSTEM
    )
    view = await create_customer(by=SYSTEM, draft=spanish_draft(custom={tier.key: 'Gold'}))
    await change_customer(view.id, {'custom': {tier.key: 'silver'}}, expected_version=1, by=SYSTEM)
    assert [(v.key, v.display) for v in (await get_customer_by_id(view.id)).custom] == [(tier.key, 'Silver')]
    [item] = [i for i in await customer_history(view.id, by=SYSTEM) if i.field == tier.draft_key]
    assert (item.old, item.new) == ('Gold', 'Silver')
    with pytest.raises(ValidationFailed) as failure:
        await change_customer(view.id, {'custom': {tier.key: 'Bronze'}}, expected_version=2, by=SYSTEM)
    assert list(failure.value.errors) == [tier.draft_key]


async def test_seen_values_let_an_edit_through_only_over_what_the_user_saw(db: str) -> None:
    view = await create_customer(by=SYSTEM, draft=spanish_draft())
    await change_customer(view.id, {'city': 'Lugo'}, expected_version=1, by=SYSTEM)
    both = {'email': 'new@example.es', 'name': 'Nuevo S.L.'}
    saved = await change_customer(
        view.id, both, expected_version=1, seen={'email': view.email, 'name': view.name}, by=SYSTEM
    )
    assert (saved.email, saved.name, saved.city) == ('new@example.es', 'Nuevo S.L.', 'Lugo')
    with pytest.raises(StaleVersion) as stale:  # the user saw the old city: the stored one is not what they saw
        await change_customer(view.id, {'city': 'Vigo'}, expected_version=1, seen={'city': 'Madrid'}, by=SYSTEM)
    assert (stale.value.field, stale.value.current_value, stale.value.current.version) == ('city', 'Lugo', 3)
    with pytest.raises(StaleVersion):  # without `seen` any later save is a conflict
        await change_customer(view.id, {'street': 'Calle 1'}, expected_version=2, by=SYSTEM)
