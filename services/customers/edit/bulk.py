"""Actions on many selected customers at once: add or remove a category, archive, restore, delete permanently."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from models import Category, Customer, Invoice, Payment
from services.core import audit
from services.core.actors import Actor, require_admin
from services.core.errors import DeletionBlocked, NotFound, ValidationFailed
from services.core.events import CustomerChanged, customer_changed
from services.core.i18n import _
from services.core.values.formats import format_whole
from services.core.values.validation import Status
from services.customers.categories import category_key
from services.customers.drafts import CustomerDraft, check_categories
from services.customers.edit.change import change_customers
from services.customers.views import CustomerView, get_customer_by_id

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
        raise ValidationFailed({'category': check.message or _('Name the category')})
    (category_name,) = check.value
    changed = await change_customers(
        checked_selection(customer_ids), lambda draft: {'categories': [*draft.categories, category_name]}, by=by
    )
    return len(changed)


async def remove_category(customer_ids: Sequence[int], category_id: int, *, by: Actor) -> int:
    """Take the category away from every selected customer that has it; returns how many customers changed."""
    ids = checked_selection(customer_ids)
    category = await Category.filter(id=category_id).first()
    if category is None:
        raise NotFound(_('This category no longer exists'))

    def without(draft: CustomerDraft) -> dict[str, list[str]]:
        return {'categories': [name for name in draft.categories if category_key(name) != category.name_key]}

    return len(await change_customers(ids, without, by=by))


async def set_archived(customer_id: int, archived: bool, *, by: Actor) -> CustomerView:
    """Archive (hide from the default list) or restore one customer. Admins only; the same as the bulk action."""
    if archived:
        await archive_customers([customer_id], by=by)
    else:
        await restore_customers([customer_id], by=by)
    return await get_customer_by_id(customer_id)


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
    for customer_id, number, _version in gone:
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


async def _publish(ids: list[int], action: str) -> None:
    for customer_id, number in await Customer.filter(id__in=ids).values_list('id', 'number'):
        customer_changed.publish(CustomerChanged(customer_id, number, action))


def checked_selection(customer_ids: Iterable[int]) -> list[int]:
    """The selected ids, deduplicated and sorted; refuses selections larger than `MAX_SELECTION`."""
    ids = sorted({int(i) for i in customer_ids})
    if len(ids) > MAX_SELECTION:
        limit = format_whole(MAX_SELECTION)
        raise ValidationFailed({'selection': _('Select at most {limit} customers at once').format(limit=limit)})
    return ids
