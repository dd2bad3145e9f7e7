"""Duplicates everywhere a customer changes: a cell, the profile and a revert ask like registration does."""

import pytest

from models import AuditEntry, Customer
from services.core.actors import SYSTEM
from services.core.errors import DuplicateFound
from services.customers.edit.entry_points import update_customer, update_customer_field
from services.customers.edit.history import revert_change
from services.customers.registration import create_customer
from services.customers.views import draft_of
from tests.factories import korean_draft, spanish_draft


async def test_a_cell_edit_to_another_customers_email_asks_first(db: str) -> None:
    first = await create_customer(by=SYSTEM, draft=korean_draft())
    second = await create_customer(
        by=SYSTEM, draft=korean_draft(name='박서연', email='seo@example.kr', phone='010-2222-3333')
    )
    with pytest.raises(DuplicateFound) as found:
        await update_customer_field(second.id, 'email', 'MinJun.Kim@Example.kr', 1, SYSTEM)
    assert [(m.number, m.reasons) for m in found.value.matches] == [(first.number, ('email',))]  # type: ignore[attr-defined]
    assert (await Customer.get(id=second.id)).email == 'seo@example.kr'
    row = await update_customer_field(
        second.id, 'email', 'MinJun.Kim@Example.kr', 1, SYSTEM, confirmed_duplicates=[first.id]
    )
    assert row.email == 'MinJun.Kim@example.kr'


async def test_a_phone_shared_with_another_customer_asks_too(db: str) -> None:
    first = await create_customer(by=SYSTEM, draft=korean_draft())
    second = await create_customer(
        by=SYSTEM, draft=korean_draft(name='박서연', email='seo@example.kr', phone='010-2222-3333')
    )
    with pytest.raises(DuplicateFound) as found:
        await update_customer_field(second.id, 'phone', '+82 10 1234 5678', 1, SYSTEM)
    assert [m.number for m in found.value.matches] == [first.number]
    assert (await Customer.get(id=second.id)).phone == '+821022223333'


async def test_other_fields_and_unchanged_values_do_not_ask(db: str) -> None:
    await create_customer(by=SYSTEM, draft=korean_draft(name='같은 이름'))
    second = await create_customer(by=SYSTEM, draft=korean_draft(name='박서연', email='seo@example.kr'))
    # The same phone as the first customer is already stored: editing the city does not re-ask about it.
    await update_customer_field(second.id, 'city', 'Busan', 1, SYSTEM)
    await update_customer_field(second.id, 'name', '같은 이름', 2, SYSTEM)  # a similar name never blocks an edit
    assert (await Customer.get(id=second.id)).version == 3


async def test_the_profile_form_asks_about_a_tax_id_another_customer_has(db: str) -> None:
    first = await create_customer(by=SYSTEM, draft=spanish_draft())
    second = await create_customer(
        by=SYSTEM, draft=spanish_draft(name='Otra S.L.', email='otra@example.es', phone='600 11 22 33', tax_id='')
    )
    draft = draft_of(second)
    draft.tax_id = 'ESB64717838'
    with pytest.raises(DuplicateFound) as found:
        await update_customer(second.id, draft, expected_version=second.version, by=SYSTEM)
    assert [m.number for m in found.value.matches] == [first.number]
    saved = await update_customer(
        second.id, draft, expected_version=second.version, by=SYSTEM, confirmed_duplicates={first.id}
    )
    assert saved.tax_id == first.tax_id == 'ESB64717838'


async def test_a_revert_to_an_email_that_is_now_someone_elses_asks(db: str) -> None:
    first = await create_customer(by=SYSTEM, draft=korean_draft(email='old@example.kr'))
    await update_customer_field(first.id, 'email', 'new@example.kr', 1, SYSTEM)
    second = await create_customer(
        by=SYSTEM, draft=korean_draft(name='박서연', email='old@example.kr', phone='010-2222-3333')
    )
    entry = await AuditEntry.get(entity_id=first.id, field='email')
    with pytest.raises(DuplicateFound):
        await revert_change(entry.id, by=SYSTEM)
    await revert_change(entry.id, by=SYSTEM, confirmed_duplicates=[second.id])
    assert (await Customer.get(id=first.id)).email == 'old@example.kr'
