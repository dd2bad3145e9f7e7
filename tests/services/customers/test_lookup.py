"""The customer look-up behind pickers (the New invoice dialog): part of a number, name or email, newest first."""

from __future__ import annotations

from services.core.actors import SYSTEM
from services.customers.lookup import search_customers
from services.customers.registration import create_customer
from tests.factories import korean_draft, spanish_draft


async def test_search_finds_customers_by_part_of_a_name_number_or_email_and_only_them(db: str) -> None:
    spanish = await create_customer(by=SYSTEM, draft=spanish_draft())
    korean = await create_customer(by=SYSTEM, draft=korean_draft())
    assert [c.number for c in await search_customers('', by=SYSTEM)] == [korean.number, spanish.number]
    assert [c.number for c in await search_customers('talleres', by=SYSTEM)] == [spanish.number]
    assert [c.number for c in await search_customers('PENA.ES', by=SYSTEM)] == [spanish.number]
    assert [c.number for c in await search_customers(korean.number[-3:], by=SYSTEM)] == [korean.number]
    assert await search_customers('nobody like this', by=SYSTEM) == []
    assert len(await search_customers('', by=SYSTEM, limit=1)) == 1
