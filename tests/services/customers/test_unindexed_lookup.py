"""The start-up look-up of customers still to be indexed for the list reads only them (migration 0029)."""

from __future__ import annotations

from tortoise import Tortoise

from models import Customer
from services.core.actors import SYSTEM
from services.customers.list.search_index import BATCH, index_missing_customers
from services.customers.registration import create_customer
from tests.factories import korean_draft, spanish_draft


async def test_the_look_up_of_customers_without_a_search_text_goes_through_their_own_index(db: str) -> None:
    await create_customer(by=SYSTEM, draft=spanish_draft())
    await create_customer(by=SYSTEM, draft=korean_draft())
    client = Tortoise.get_connection('default')
    # The statement index_missing_customers sends, with its values bound as the driver binds them.
    sql = Customer.filter(search_text='').order_by('id').limit(BATCH).sql()
    if db == 'postgres':
        await client.execute_script('SET enable_seqscan = off')  # two rows: without it a scan is cheaper anyway
        rows = await client.execute_query_dict(f'EXPLAIN {sql}', ['', BATCH])
        plan = ' '.join(str(value) for row in rows for value in row.values())
        await client.execute_script('RESET enable_seqscan')
    else:
        rows = await client.execute_query_dict(f'EXPLAIN QUERY PLAN {sql}', ['', BATCH])
        plan = ' '.join(str(row['detail']) for row in rows)
    assert 'customer_unindexed' in plan, plan
    assert await index_missing_customers() == 0  # and nothing is left to fill
