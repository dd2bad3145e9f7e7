"""Editing one field in place: validation like the form, optimistic locking, audit and the change event."""

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from models import AuditEntry, Customer, Role, TaxIdStatus, User
from services.core.actors import SYSTEM, Actor
from services.core.errors import Conflict, ValidationFailed
from services.core.events import CustomerChanged, customer_changed
from services.customers.edit.entry_points import update_customer_field
from services.customers.list.query import list_customers
from services.customers.list.spec import ListQuery
from services.customers.registration import create_customer
from tests.factories import korean_draft, spanish_draft

UNCHANGING = ('updated_at', 'version', 'updated_by_id', 'search_text', 'name_key')


async def team_member(name: str) -> Actor:
    user = await User.create(email=f'{name.split()[0].lower()}@example.com', display_name=name, role=Role.MEMBER)
    return Actor(id=user.id, name=name, role=Role.MEMBER, can_view_notes=False)


def columns(customer: Customer) -> dict[str, Any]:
    return {key: value for key, value in customer.__dict__.items() if not key.startswith('_')}


@pytest.fixture
def changes() -> Iterator[list[CustomerChanged]]:
    seen: list[CustomerChanged] = []
    customer_changed.subscribe(seen.append)
    yield seen
    customer_changed.unsubscribe(seen.append)


async def test_an_edit_changes_only_that_field(db: str, changes: list[CustomerChanged]) -> None:
    view = await create_customer(by=SYSTEM, draft=spanish_draft(categories=['VIP']))
    before = columns(await Customer.get(id=view.id))
    row = await update_customer_field(view.id, 'name', '  Talleres Peña S.A. ', 1, SYSTEM)
    after = columns(await Customer.get(id=view.id))
    assert {key for key in before if before[key] != after[key]} - set(UNCHANGING) == {'name'}
    assert (after['name'], after['name_key'], after['version']) == ('Talleres Peña S.A.', 'talleres pena s.a.', 2)
    assert (row.name, row.version) == ('Talleres Peña S.A.', 2)
    # The event carries ids and field names only (plain data); listeners read the row themselves.
    assert [(c.action, c.fields, c.customer_id) for c in changes[-1:]] == [('updated', ('name',), view.id)]


async def test_the_search_finds_the_new_value(db: str) -> None:
    view = await create_customer(by=SYSTEM, draft=korean_draft())
    await update_customer_field(view.id, 'city', 'Busan', 1, SYSTEM)
    assert [row.number for row in (await list_customers(ListQuery(search='busan'), by=SYSTEM)).rows] == [view.number]
    assert (await list_customers(ListQuery(search='서울'), by=SYSTEM)).rows == []


async def test_a_stale_version_is_rejected_with_their_value_name_and_time(db: str) -> None:
    view = await create_customer(by=SYSTEM, draft=korean_draft())
    ana = await team_member('Ana Müller')
    await update_customer_field(view.id, 'email', 'ana@example.kr', 1, ana)
    with pytest.raises(Conflict) as conflict:
        await update_customer_field(view.id, 'email', 'mine@example.kr', 1, SYSTEM)
    assert (conflict.value.current_value, conflict.value.current_version, conflict.value.changed_by) == (
        'ana@example.kr',
        2,
        'Ana Müller',
    )
    assert conflict.value.changed_at is not None
    assert datetime.now(UTC) - conflict.value.changed_at < timedelta(minutes=1)
    assert (await Customer.get(id=view.id)).email == 'ana@example.kr'
    await update_customer_field(view.id, 'email', 'mine@example.kr', conflict.value.current_version or 0, SYSTEM)
    assert (await Customer.get(id=view.id)).email == 'mine@example.kr'


async def test_a_change_of_another_field_is_no_conflict_when_this_one_is_as_seen(db: str) -> None:
    view = await create_customer(by=SYSTEM, draft=korean_draft())
    await update_customer_field(view.id, 'city', 'Busan', 1, SYSTEM)
    await update_customer_field(view.id, 'phone', '010 9999 8888', 1, SYSTEM, seen='+82 10-1234-5678')
    stored = await Customer.get(id=view.id)
    assert (stored.city, stored.phone, stored.version) == ('Busan', '+821099998888', 3)
    with pytest.raises(Conflict):  # the phone itself changed since this user looked
        await update_customer_field(view.id, 'phone', '010 7777 6666', 2, SYSTEM, seen='+82 10-1234-5678')


async def test_fifty_concurrent_edits_give_one_winner_and_forty_nine_conflicts(db: str) -> None:
    view = await create_customer(by=SYSTEM, draft=korean_draft())
    results = await asyncio.gather(
        *(update_customer_field(view.id, 'city', f'City {i}', 1, SYSTEM) for i in range(50)), return_exceptions=True
    )
    winners = [result for result in results if not isinstance(result, BaseException)]
    conflicts = [result for result in results if isinstance(result, Conflict)]
    assert (len(winners), len(conflicts)) == (1, 49)
    stored = await Customer.get(id=view.id)
    assert (stored.city, stored.version) == (winners[0].city, 2)
    assert {conflict.current_value for conflict in conflicts} == {winners[0].city}
    assert await AuditEntry.filter(action='customer.update').count() == 1


async def test_an_invalid_value_is_refused_with_the_form_message_and_nothing_is_stored(db: str) -> None:
    view = await create_customer(by=SYSTEM, draft=korean_draft())
    for field, value, message in [
        ('email', 'minjun@', 'There must be something after the @-sign.'),
        ('phone', '12', 'Not a valid phone number'),
        ('postal_code', 'ABC', 'Not a postal code of South Korea'),
        ('name', '', 'Name is required'),
        ('country', 'XX', 'Unknown country'),
        ('email', ['not', 'text'], 'Not a valid value'),
    ]:
        with pytest.raises(ValidationFailed) as failure:
            await update_customer_field(view.id, field, value, 1, SYSTEM)
        assert message in failure.value.errors[field]
    stored = await Customer.get(id=view.id)
    assert (stored.email, stored.version) == ('minjun.kim@example.kr', 1)
    with pytest.raises(ValidationFailed):
        await update_customer_field(view.id, 'street', 'Elsewhere 1', 1, SYSTEM)  # not editable in the table


async def test_a_phone_is_read_with_the_customers_country(db: str) -> None:
    view = await create_customer(by=SYSTEM, draft=korean_draft())
    row = await update_customer_field(view.id, 'phone', '010-9999-8888', 1, SYSTEM)
    assert ((await Customer.get(id=view.id)).phone, row.phone) == ('+821099998888', '+82 10-9999-8888')


async def test_a_new_country_must_fit_the_postal_code_and_rereads_the_tax_id(db: str) -> None:
    view = await create_customer(by=SYSTEM, draft=spanish_draft(postal_code='10115', city='Berlin'))
    with pytest.raises(ValidationFailed) as failure:
        await update_customer_field(view.id, 'country', 'GB', 1, SYSTEM)
    assert failure.value.errors['country'].startswith('Postal code 10115 does not fit United Kingdom')
    await update_customer_field(view.id, 'country', 'DE', 1, SYSTEM)
    stored = await Customer.get(id=view.id)
    assert (stored.country, stored.tax_id, stored.tax_id_status) == ('DE', 'ESB64717838', TaxIdStatus.UNCHECKED)


async def test_categories_are_a_field_too(db: str) -> None:
    view = await create_customer(by=SYSTEM, draft=korean_draft(categories=['VIP']))
    await update_customer_field(view.id, 'categories', ['vip', ' Seoul  office '], 1, SYSTEM)
    stored = await Customer.get(id=view.id).prefetch_related('categories')
    assert sorted(c.name for c in stored.categories) == ['Seoul office', 'VIP']
    assert (stored.category_sort, stored.version) == ('seoul office,vip', 2)
    entry = await AuditEntry.get(action='customer.update')
    assert (entry.field, entry.old_value, entry.new_value) == ('categories', 'VIP', 'Seoul office, VIP')
    with pytest.raises(Conflict) as conflict:
        await update_customer_field(view.id, 'categories', [], 1, SYSTEM)
    assert conflict.value.current_display == 'Seoul office, VIP'


async def test_every_edit_is_recorded_with_old_and_new_value(db: str) -> None:
    view = await create_customer(by=SYSTEM, draft=korean_draft())
    ana = await team_member('Ana Müller')
    await update_customer_field(view.id, 'phone', '010 9999 8888', 1, ana)
    await update_customer_field(view.id, 'phone', '010 9999 8888', 2, ana)  # unchanged: nothing to record
    entries = await AuditEntry.filter(action='customer.update').values_list(
        'actor_name', 'entity_id', 'field', 'old_value', 'new_value'
    )
    assert entries == [('Ana Müller', view.id, 'phone', '+82 10-1234-5678', '+82 10-9999-8888')]
    assert (await Customer.get(id=view.id)).version == 2


@pytest.mark.parametrize(('field', 'value'), [('postal_code', '53000'), ('postal_code', '00000')])
async def test_an_edit_refuses_a_postal_code_no_province_has(db: str, field: str, value: str) -> None:
    view = await create_customer(by=SYSTEM, draft=spanish_draft())
    with pytest.raises(ValidationFailed) as failure:
        await update_customer_field(view.id, field, value, 1, SYSTEM)
    assert set(failure.value.errors) == {field}
    assert (await Customer.get(id=view.id)).postal_code == view.postal_code
