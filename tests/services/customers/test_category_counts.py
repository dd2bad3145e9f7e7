"""The category chips' counts (kept by the database, migration 0013) and the list's totals (kept by the database:
SQLite one row, migration 0027; PostgreSQL summed deltas, 0028) never disagree with the customer table: checked
after create, edits, bulk changes, archive, restore, merge, delete, erasure and direct SQL, on SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise import Tortoise

from models import Category, Customer
from services.core.actors import SYSTEM
from services.customers.categories import category_counts, list_categories
from services.customers.edit.bulk import (
    add_category,
    archive_customers,
    delete_customers,
    remove_category,
    restore_customers,
    set_archived,
)
from services.customers.edit.entry_points import update_customer_field
from services.customers.list.query import list_customers
from services.customers.list.spec import ListQuery
from services.customers.merge import merge_customers
from services.customers.privacy.erasure import erase_customer
from services.customers.registration import create_customer
from tests.factories import korean_draft, spanish_draft

COUNTED = """
SELECT cat.id AS id,
       (SELECT COUNT(*) FROM customer_category cc WHERE cc.category_id = cat.id) AS customers,
       (SELECT COUNT(*) FROM customer_category cc JOIN customer c ON c.id = cc.customer_id
         WHERE cc.category_id = cat.id AND c.archived_at IS NULL) AS active
FROM category cat
"""


CUSTOMERS = """
SELECT (SELECT COUNT(*) FROM customer WHERE archived_at IS NULL) AS active,
       (SELECT COUNT(*) FROM customer WHERE merged_into_id IS NULL) AS unmerged
"""


async def assert_counts_agree() -> None:
    """The chips (with and without archived customers) = the table's totals = a plain count of the links; the
    unfiltered table's totals = a plain count of the customers."""
    _, rows = await Tortoise.get_connection('default').execute_query(CUSTOMERS)
    assert (await list_customers(ListQuery(), by=SYSTEM)).total == int(rows[0]['active'])
    assert (await list_customers(ListQuery(archived=True), by=SYSTEM)).total == int(rows[0]['unmerged'])
    _, rows = await Tortoise.get_connection('default').execute_query(COUNTED)
    counted = {int(row['id']): (int(row['customers']), int(row['active'])) for row in rows}
    for archived in (False, True):
        chips = {category.id: category.customers for category in await list_categories(include_archived=archived)}
        assert set(chips) == set(counted)
        for category_id, (customers, active) in counted.items():
            expected = customers if archived else active
            assert chips[category_id] == expected, (category_id, archived, chips[category_id], expected)
            assert (await category_counts(include_archived=archived)).get(category_id, 0) == expected
            query = ListQuery(category_ids=(category_id,), archived=archived)
            assert (await list_customers(query, by=SYSTEM)).total == expected


async def four_customers() -> list[int]:
    drafts = [
        spanish_draft(categories=['VIP', 'Wholesale']),
        spanish_draft(
            name='Ferretería Ruiz S.L.', email='ruiz@ferreteria.es', phone='622 11 22 33', tax_id='', categories=['VIP']
        ),
        korean_draft(categories=['Wholesale', 'Partner']),
        korean_draft(name='Lee Seo-yeon', email='sy@example.kr', phone='010-9876-5432', categories=[]),
    ]
    return [(await create_customer(by=SYSTEM, draft=draft)).id for draft in drafts]


async def ids_of(*names: str) -> list[int]:
    return [(await Category.get(name=name)).id for name in names]


async def test_counts_follow_every_change_to_customers_and_their_categories(db: str) -> None:
    first, second, third, fourth = await four_customers()
    await assert_counts_agree()
    vip, wholesale, partner = await ids_of('VIP', 'Wholesale', 'Partner')
    assert await category_counts() == {vip: 2, wholesale: 2, partner: 1}

    # One customer's categories edited in the table cell.
    customer = await Customer.get(id=third)
    await update_customer_field(third, 'categories', ['Partner', 'Export'], customer.version, SYSTEM)
    await assert_counts_agree()
    (export,) = await ids_of('Export')
    assert await category_counts() == {vip: 2, wholesale: 1, partner: 1, export: 1}

    # Bulk changes.
    assert await add_category([first, second, third, fourth], 'Export', by=SYSTEM) == 3
    await assert_counts_agree()
    assert await remove_category([first, second], vip, by=SYSTEM) == 2
    await assert_counts_agree()
    await add_category([first, fourth], 'VIP', by=SYSTEM)
    await assert_counts_agree()

    # Archive and restore (bulk and one by one); archived ones count only with "show archived".
    assert await archive_customers([first, third], by=SYSTEM) == 2
    await assert_counts_agree()
    assert (await category_counts())[export] == 2
    assert (await category_counts(include_archived=True))[export] == 4
    await set_archived(fourth, True, by=SYSTEM)
    await assert_counts_agree()
    # A category change on an archived customer.
    await add_category([first], 'Partner', by=SYSTEM)
    await assert_counts_agree()
    assert await restore_customers([first], by=SYSTEM) == 1
    await set_archived(fourth, False, by=SYSTEM)
    await assert_counts_agree()

    # A merge (the merged customer's tombstone is archived and left out of the archived view too).
    extra = (await create_customer(by=SYSTEM, draft=korean_draft(name='Merged', email='m@example.kr'))).id
    await assert_counts_agree()
    versions = ((await Customer.get(id=first)).version, (await Customer.get(id=extra)).version)
    await merge_customers(first, extra, versions=versions, by=SYSTEM)
    await assert_counts_agree()

    # Erasure (archives the customer, keeps its number) and deletion, of an active and of an archived customer.
    number = (await Customer.get(id=second)).number
    await erase_customer(second, confirmation=number, by=SYSTEM)
    await assert_counts_agree()
    assert await delete_customers([third], by=SYSTEM) == 1  # archived
    await assert_counts_agree()
    assert await delete_customers([fourth], by=SYSTEM) == 1  # active
    await assert_counts_agree()
    assert (await category_counts())[partner] == 1  # the first customer's, restored


async def test_counts_hold_whatever_writes_the_rows(db: str) -> None:
    """Triggers, not services, keep the counts: writes that bypass the services (imports, fixes by hand) agree too."""
    first, second, third, _ = await four_customers()
    vip, wholesale, partner = await ids_of('VIP', 'Wholesale', 'Partner')
    conn = Tortoise.get_connection('default')
    await Customer.filter(id__in=[first, third]).update(archived_at=datetime.now(UTC))
    await assert_counts_agree()
    await conn.execute_query(
        f'UPDATE customer_category SET customer_id = {second} WHERE customer_id = {third} AND category_id = {partner}'
    )
    await assert_counts_agree()
    await Customer.filter(id=first).delete()
    await assert_counts_agree()
    await Customer.filter(id=third).update(archived_at=None, merged_into_id=second)
    await assert_counts_agree()
    await Customer.filter(id=third).update(merged_into_id=None)
    await assert_counts_agree()
    await Customer.filter(id=third).delete()
    await assert_counts_agree()
    await Category.filter(id=wholesale).delete()
    await assert_counts_agree()
    new = await Category.create(name='Empty', name_key='empty', colour='#000000')
    await assert_counts_agree()
    assert (await category_counts(include_archived=True)).get(new.id, 0) == 0
    assert (await category_counts())[vip] == 1
