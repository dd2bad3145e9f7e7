"""Actions on many selected customers at once: add or remove a category, archive, restore, delete permanently."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from models import Category, Customer, Invoice, Payment

from . import audit
from .actors import Actor, require_admin
from .categories import category_key, ensure_categories
from .customer_list import get_rows
from .drafts import check_categories
from .errors import DeletionBlocked, NotFound, ValidationFailed
from .events import CustomerChanged, customer_changed
from .search_keys import category_sort_key
from .validation import Status

MAX_SELECTION = 10_000
CHUNK = 500

# Records that must outlive their customer (bookkeeping): a label and a query for the customer ids that have some.
DeletionBlocker = tuple[str, Callable[[Sequence[int]], Awaitable[set[int]]]]


async def _customers_with_invoices(customer_ids: Sequence[int]) -> set[int]:
    rows = await Invoice.filter(customer_id__in=list(customer_ids)).distinct().values_list('customer_id', flat=True)
    return {int(customer_id) for customer_id in rows}  # type: ignore[call-overload]


async def _customers_with_payments(customer_ids: Sequence[int]) -> set[int]:
    rows = await Payment.filter(invoice__customer_id__in=list(customer_ids)).values_list(
        'invoice__customer_id', flat=True
    )
    return {int(customer_id) for customer_id in rows}  # type: ignore[call-overload]


DELETION_BLOCKERS: tuple[DeletionBlocker, ...] = (
    ('invoices', _customers_with_invoices),
    ('payments', _customers_with_payments),
)


async def add_category(customer_ids: Sequence[int], name: str, *, by: Actor) -> int:
    """Give every selected customer the category (created if new); returns how many customers changed."""
    check = check_categories([name])
    if check.status != Status.OK:
        raise ValidationFailed({'category': check.message or 'Name the category'})
    (category_name,) = check.value
    ids = checked_selection(customer_ids)
    async with in_transaction() as conn:
        (category,) = await ensure_categories([category_name], conn)
        names = await _category_names(ids, conn)
        changed = [i for i in ids if i in names and category.name not in names[i]]
        if changed:
            await category.customers.add(*await Customer.filter(id__in=changed).using_db(conn), using_db=conn)
            await _categories_changed(changed, names, {i: [*names[i], category.name] for i in changed}, by, conn)
    await _publish(changed, 'updated', ('categories',))
    return len(changed)


async def remove_category(customer_ids: Sequence[int], category_id: int, *, by: Actor) -> int:
    """Take the category away from every selected customer that has it; returns how many customers changed."""
    ids = checked_selection(customer_ids)
    async with in_transaction() as conn:
        category = await Category.filter(id=category_id).using_db(conn).first()
        if category is None:
            raise NotFound('This category no longer exists')
        names = await _category_names(ids, conn)
        changed = [i for i in ids if category.name in names.get(i, [])]
        if changed:
            await category.customers.remove(*await Customer.filter(id__in=changed).using_db(conn), using_db=conn)
            after = {i: [name for name in names[i] if name != category.name] for i in changed}
            await _categories_changed(changed, names, after, by, conn)
    await _publish(changed, 'updated', ('categories',))
    return len(changed)


async def archive_customers(customer_ids: Sequence[int], *, by: Actor) -> int:
    """Hide the selected customers from the default list (admins only); returns how many were archived."""
    return await _set_archived(customer_ids, archived=True, by=by)


async def restore_customers(customer_ids: Sequence[int], *, by: Actor) -> int:
    """Bring archived customers back into the list (admins only); returns how many were restored."""
    return await _set_archived(customer_ids, archived=False, by=by)


async def delete_customers(customer_ids: Sequence[int], *, by: Actor) -> int:
    """Delete customers for good (admins only), with their notes, unless a record that must be kept refers to them.

    Raises:
        DeletionBlocked: some of them have such records; nothing is deleted.
    """
    require_admin(by)
    ids = checked_selection(customer_ids)
    blocked = await deletion_blockers(ids)
    if blocked:
        numbers = dict(await Customer.filter(id__in=list(blocked)).values_list('id', 'number'))
        raise DeletionBlocked({numbers[i]: what for i, what in blocked.items()})
    async with in_transaction() as conn:
        gone = await Customer.filter(id__in=ids).using_db(conn).values_list('id', 'number', 'name')
        await Customer.filter(id__in=[row[0] for row in gone]).using_db(conn).delete()
        changes = [(customer_id, '', f'{number} {name}', '') for customer_id, number, name in gone]
        await audit.record_many('customer.delete', by=by, entity='customer', changes=changes, conn=conn)
    for customer_id, number, _ in gone:
        customer_changed.publish(CustomerChanged(customer_id, number, 'deleted'))
    return len(gone)


async def deletion_blockers(customer_ids: Sequence[int]) -> dict[int, list[str]]:
    """What keeps each of these customers from being deleted (empty when nothing does)."""
    reasons: dict[int, list[str]] = {}
    for label, customers_having in DELETION_BLOCKERS:
        for customer_id in await customers_having(customer_ids):
            reasons.setdefault(customer_id, []).append(label)
    return reasons


async def _set_archived(customer_ids: Sequence[int], *, archived: bool, by: Actor) -> int:
    require_admin(by)
    ids = checked_selection(customer_ids)
    now = datetime.now(UTC)
    async with in_transaction() as conn:
        pending = Customer.filter(id__in=ids, archived_at__isnull=archived).using_db(conn)
        changed = [int(row[0]) for row in await pending.values_list('id')]
        await (
            Customer.filter(id__in=changed)
            .using_db(conn)
            .update(archived_at=now if archived else None, updated_by_id=by.id, updated_at=now)
        )
        action = 'customer.archive' if archived else 'customer.restore'
        changes = [(customer_id, 'archived', not archived, archived) for customer_id in changed]
        await audit.record_many(action, by=by, entity='customer', changes=changes, conn=conn)
    await _publish(changed, 'archived' if archived else 'restored')
    return len(changed)


async def _categories_changed(
    ids: list[int], before: dict[int, list[str]], after: dict[int, list[str]], by: Actor, conn: BaseDBAsyncClient
) -> None:
    """Bump the versions (an open editor of these categories must notice), keep the sort keys, record the change."""
    now = datetime.now(UTC)
    await (
        Customer.filter(id__in=ids).using_db(conn).update(version=F('version') + 1, updated_by_id=by.id, updated_at=now)
    )
    by_key: dict[str, list[int]] = {}
    for i in ids:
        by_key.setdefault(category_sort_key(after[i]), []).append(i)
    for key, same in by_key.items():  # few distinct category combinations, however many customers
        await Customer.filter(id__in=same).using_db(conn).update(category_sort=key)
    changes = [(i, 'categories', _listed(before[i]), _listed(after[i])) for i in ids]
    await audit.record_many('customer.update', by=by, entity='customer', changes=changes, conn=conn)


async def _category_names(ids: list[int], conn: BaseDBAsyncClient) -> dict[int, list[str]]:
    """The category names of each existing customer among `ids`."""
    existing = await Customer.filter(id__in=ids).using_db(conn).values_list('id')
    names: dict[int, list[str]] = {int(row[0]): [] for row in existing}
    links = await Category.filter(customers__id__in=ids).using_db(conn).values_list('customers__id', 'name')
    for customer_id, name in links:
        names[customer_id].append(name)
    return names


async def _publish(ids: list[int], action: str, fields: tuple[str, ...] = ()) -> None:
    for start in range(0, len(ids), CHUNK):
        for row in await get_rows(ids[start : start + CHUNK]):
            customer_changed.publish(CustomerChanged(row.id, row.number, action, fields, row))


def checked_selection(customer_ids: Iterable[int]) -> list[int]:
    """The selected ids, deduplicated and sorted; refuses selections larger than `MAX_SELECTION`."""
    ids = sorted({int(i) for i in customer_ids})
    if len(ids) > MAX_SELECTION:
        raise ValidationFailed({'selection': f'Select at most {MAX_SELECTION:,} customers at once'})
    return ids


def _listed(names: list[str]) -> str:
    return ', '.join(sorted(names, key=category_key))
