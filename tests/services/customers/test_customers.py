"""Registering customers: what is stored, what is refused, and how numbers are handed out."""

import asyncio

import pytest

from models import AuditEntry, Category, Customer, Note, TaxIdStatus
from services.core.actors import SYSTEM
from services.core.errors import DuplicateFound, ValidationFailed
from services.customers.list.query import list_customers
from services.customers.list.spec import ListQuery
from services.customers.registration import create_customer, get_customer
from services.customers.registration_settings import set_required_fields
from tests.factories import korean_draft, spanish_draft


async def test_save_stores_normalised_values(db: str) -> None:
    view = await create_customer(
        by=SYSTEM,
        draft=korean_draft(name='  김민준 ', email='MinJun.Kim@Example.KR', tax_id='116-82-00276', payment_terms='14'),
    )
    stored = await Customer.get(number=view.number)
    assert view.number == 'C-00001'
    assert stored.name == '김민준'
    assert stored.email == 'MinJun.Kim@example.kr'  # the domain is lower-cased, the local part kept
    assert stored.phone == '+821012345678'
    assert view.phone_display == '+82 10-1234-5678'
    assert (stored.tax_id, stored.tax_id_status) == ('1168200276', TaxIdStatus.VALID)
    assert stored.payment_terms_days == 14
    assert stored.version == 1


async def test_unknown_tax_scheme_is_stored_as_unchecked(db: str) -> None:
    draft = korean_draft(country='AQ', phone='+82 10-1234-5678', postal_code='', tax_id='AQ-123')
    view = await create_customer(by=SYSTEM, draft=draft)
    assert view.tax_id_status == TaxIdStatus.UNCHECKED


async def test_save_rejects_invalid_input_with_field_messages_and_writes_nothing(db: str) -> None:
    with pytest.raises(ValidationFailed) as failure:
        await create_customer(by=SYSTEM, draft=korean_draft(email='minjun@', phone='12', city='', categories=['VIP']))
    assert set(failure.value.errors) == {'email', 'phone', 'city'}
    assert failure.value.errors['city'] == 'City is required'
    assert await Customer.all().count() == 0
    assert await Category.all().count() == 0


async def test_required_fields_come_from_the_company_settings(db: str) -> None:
    await set_required_fields(['email'], by=SYSTEM)
    view = await create_customer(by=SYSTEM, draft=korean_draft(phone='', street='', postal_code='', city=''))
    assert view.phone == ''
    with pytest.raises(ValidationFailed) as failure:
        await create_customer(by=SYSTEM, draft=korean_draft(email='', name=''))
    assert set(failure.value.errors) == {'email', 'name'}  # name is always required


async def test_categories_and_note_are_saved_with_the_customer(db: str) -> None:
    first = await create_customer(
        by=SYSTEM, draft=korean_draft(categories=['VIP', 'Seoul office'], note='Prefers calls')
    )
    second = await create_customer(by=SYSTEM, draft=spanish_draft(categories=['vip', 'Wholesale']))
    assert [c.name for c in first.categories] == ['Seoul office', 'VIP']
    assert [c.name for c in second.categories] == ['VIP', 'Wholesale']  # "vip" is the existing "VIP"
    assert await Category.all().count() == 3
    note = await Note.get(customer__number=first.number)
    assert note.body == 'Prefers calls'


async def test_consent_is_recorded_with_a_timestamp(db: str) -> None:
    view = await create_customer(by=SYSTEM, draft=korean_draft(consent_email=True))
    stored = await Customer.get(number=view.number)
    assert stored.consent_email and stored.consent_email_at is not None
    assert not stored.consent_phone and stored.consent_phone_at is None


async def test_duplicate_email_needs_confirmation_naming_the_existing_customer(db: str) -> None:
    existing = await create_customer(by=SYSTEM, draft=korean_draft())
    with pytest.raises(DuplicateFound) as found:
        await create_customer(by=SYSTEM, draft=spanish_draft(email='MINJUN.KIM@example.kr'))
    assert [(m.number, m.reasons) for m in found.value.matches] == [(existing.number, ('email',))]
    assert existing.number in str(found.value)
    view = await create_customer(
        by=SYSTEM, draft=spanish_draft(email='minjun.kim@example.kr'), confirmed_duplicates={existing.id}
    )
    assert view.number == 'C-00002'


async def test_duplicate_tax_id_of_archived_customer_is_found(db: str) -> None:
    existing = await create_customer(by=SYSTEM, draft=spanish_draft())
    await Customer.filter(id=existing.id).update(archived_at=existing.created_at)
    with pytest.raises(DuplicateFound) as found:
        await create_customer(by=SYSTEM, draft=spanish_draft(email='other@pena.es', tax_id='ESB64717838'))
    assert found.value.matches[0].archived


async def test_concurrent_saves_get_unique_consecutive_numbers(db: str) -> None:
    drafts = [korean_draft(email=f'user{i}@example.kr', name=f'Kunde {i}') for i in range(30)]
    views = await asyncio.gather(*(create_customer(by=SYSTEM, draft=draft) for draft in drafts))
    numbers = sorted(view.number for view in views)
    assert numbers == [f'C-{i:05d}' for i in range(1, 31)]


async def test_list_returns_one_page_newest_first(db: str) -> None:
    for i in range(7):
        await create_customer(by=SYSTEM, draft=korean_draft(email=f'user{i}@example.kr', name=f'Kunde {i}'))
    page = await list_customers(ListQuery(page=2), by=SYSTEM)
    assert (page.total, page.page) == (7, 1)
    assert [row.number for row in page.rows] == [f'C-{i:05d}' for i in range(7, 0, -1)]


async def test_get_customer_reads_back_what_was_saved(db: str) -> None:
    view = await create_customer(by=SYSTEM, draft=spanish_draft())
    again = await get_customer(view.number)
    assert again == view


async def test_registration_is_recorded_in_the_audit_log(db: str) -> None:
    view = await create_customer(by=SYSTEM, draft=spanish_draft())
    entry = await AuditEntry.get(action='customer.create')
    assert (entry.entity, entry.entity_id, entry.actor_name, entry.detail) == (
        'customer',
        view.id,
        'Clientbook',
        view.number,
    )
