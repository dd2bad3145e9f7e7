"""Possible duplicates shown in the summary while a customer is being typed."""

from services.core.actors import SYSTEM
from services.customers.duplicates import find_duplicates
from services.customers.registration import create_customer
from tests.factories import korean_draft, spanish_draft


async def test_finds_same_email_tax_id_and_phone(db: str) -> None:
    existing = await create_customer(by=SYSTEM, draft=spanish_draft())
    matches = await find_duplicates(email='jose@pena.es', tax_id='ESB64717838', phone='+34612345678')
    assert len(matches) == 1
    assert matches[0].number == existing.number
    assert set(matches[0].reasons) == {'email', 'tax_id', 'phone'}
    assert matches[0].needs_confirmation


async def test_similar_name_is_a_hint_not_a_blocker(db: str) -> None:
    await create_customer(by=SYSTEM, draft=spanish_draft())
    matches = await find_duplicates(name='Talleres Pena SL')
    assert [m.reasons for m in matches] == [('name',)]
    assert not matches[0].needs_confirmation


async def test_phone_match_alone_does_not_need_confirmation(db: str) -> None:
    await create_customer(by=SYSTEM, draft=korean_draft())
    matches = await find_duplicates(phone='+821012345678')
    assert [m.reason_text for m in matches] == ['same phone']
    assert not matches[0].needs_confirmation


async def test_different_names_do_not_match(db: str) -> None:
    await create_customer(by=SYSTEM, draft=spanish_draft())
    assert await find_duplicates(name='Müller Bau GmbH') == []
    assert await find_duplicates(name='Tal') == []  # too short to compare


async def test_renamed_customer_is_found_under_its_new_name(db: str) -> None:
    from models import Customer

    view = await create_customer(by=SYSTEM, draft=spanish_draft())
    assert await find_duplicates(name='Talleres Peña S.L.')
    await Customer.filter(id=view.id).update(name='Viñedos del Duero S.L.', name_key='vinedos del duero s.l.')
    assert [m.number for m in await find_duplicates(name='Vinedos del Duero SL')] == [view.number]
