"""Merging two registrations of the same customer: one survives with the values the user picked per field, the other
stays as a tombstone whose number opens the survivor.

Everything the merged customer had moves in one transaction: invoices (with their payments and emails), notes (with
their attachments) and categories (the survivor gets both sets). Invoices keep their numbers and the buyer data printed
on them. The audit log is never rewritten: the survivor's history shows the merged customer's entries by following
the tombstones (`merged_ids`), and the merge itself is recorded on both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise.transactions import in_transaction

from models import AuditEntry, Customer, Invoice, Note
from services.core import audit
from services.core.actors import Actor, require_admin
from services.core.errors import Conflict, NotFound, ValidationFailed
from services.core.events import CustomerChanged, InvoicesChanged, customer_changed, invoices_changed
from services.core.i18n import _
from services.customers.categories import category_key
from services.customers.custom_fields import list_definitions
from services.customers.drafts import check_draft
from services.customers.edit.change import prepare_change, publish_change, write_change
from services.customers.edit.history import merged_ids
from services.customers.views import CustomerView, draft_of, get_customer_by_id, survivor_of

# Draft fields the user picks between; categories are not picked: the survivor keeps both sets.
PICKED = (
    'kind', 'name', 'contact_person', 'email', 'phone', 'street', 'postal_code', 'city', 'country', 'tax_id',
    'payment_terms', 'consent_email', 'consent_phone',
)  # fmt: skip


@dataclass(frozen=True)
class MergeField:
    """One row of the side-by-side dialog: a draft key (`custom:<key>` for custom fields) and both values as shown."""

    key: str
    label: str
    first: str
    second: str

    @property
    def differs(self) -> bool:
        return self.first != self.second


@dataclass(frozen=True)
class MergePreview:
    """Both customers side by side, with what each one has that moves (`counts`: kind -> (first, second))."""

    first: CustomerView
    second: CustomerView
    fields: list[MergeField]
    counts: dict[str, tuple[int, int]]


async def merge_preview(first_id: int, second_id: int, *, by: Actor) -> MergePreview:
    """Both customers as the merge dialog shows them. Admins only.

    Raises:
        PermissionDenied: `by` is not an admin. NotFound / ValidationFailed: see `merge_customers`.
    """
    require_admin(by)
    first, second = await _pair(first_id, second_id)
    definitions = await list_definitions()
    reports = [check_draft(draft_of(view), frozenset(), definitions) for view in (first, second)]
    keys = [*PICKED, *(definition.draft_key for definition in definitions)]
    fields = [
        MergeField(key, reports[0].labels.get(key, key), reports[0].checks[key].display, reports[1].checks[key].display)
        for key in keys
    ]
    fields.append(
        MergeField(
            'categories',
            _('Categories (both are kept)'),
            ', '.join(c.name for c in first.categories),
            ', '.join(c.name for c in second.categories),
        )
    )
    counts = {
        _('Invoices'): (
            await Invoice.filter(customer_id=first.id).count(),
            await Invoice.filter(customer_id=second.id).count(),
        ),
        _('Notes'): (await Note.filter(customer_id=first.id).count(), await Note.filter(customer_id=second.id).count()),
        _('History entries'): (await _history_count(first.id), await _history_count(second.id)),
    }
    return MergePreview(first, second, fields, counts)


async def merge_customers(
    survivor_id: int,
    merged_id: int,
    *,
    take: Iterable[str] = (),
    versions: tuple[int, int],
    by: Actor,
) -> CustomerView:
    """Merge `merged_id` into `survivor_id` in one transaction; returns the survivor as stored after the merge.

    `take` names the fields (keys of `MergePreview.fields`) whose value comes from the merged customer; every other
    field keeps the survivor's value. `versions` are the two customers' versions the user saw (survivor, merged).

    Raises:
        PermissionDenied: `by` is not an admin.
        NotFound: either customer does not exist, was erased or was merged already.
        ValidationFailed: the picked values do not fit together (keyed by field, like an edit); nothing is stored.
        Conflict: either customer was changed since the user saw it; nothing is stored.
    """
    require_admin(by)
    survivor, merged = await _pair(survivor_id, merged_id)
    if (survivor.version, merged.version) != versions:
        raise Conflict(_('One of the two customers was changed meanwhile; please look at them again'))
    plan = await prepare_change(survivor.id, _changes(survivor, merged, set(take)), by=by)
    now = datetime.now(UTC)
    async with in_transaction() as conn:
        tombstone = (
            await Customer.filter(
                id=merged.id, version=merged.version, merged_into_id__isnull=True, erased_at__isnull=True
            )
            .using_db(conn)
            .update(
                merged_into_id=survivor.id,
                merged_at=now,
                archived_at=now,
                search_text='',
                category_sort='',
                version=merged.version + 1,
                updated_by_id=by.id,
                updated_at=now,
            )
        )
        if not tombstone or plan.customer.version != survivor.version:
            raise Conflict(_('One of the two customers was changed meanwhile; please look at them again'))
        if not await write_change(plan, by=by, conn=conn, action='customer.update', detail=f'merge of {merged.number}'):
            raise Conflict(_('One of the two customers was changed meanwhile; please look at them again'))
        invoices = await Invoice.filter(customer_id=merged.id).using_db(conn).update(customer_id=survivor.id)
        notes = await Note.filter(customer_id=merged.id).using_db(conn).update(customer_id=survivor.id)
        merged_row = await Customer.filter(id=merged.id).using_db(conn).get()
        await merged_row.categories.clear(using_db=conn)
        # Numbers merged into the merged customer earlier now open the survivor directly.
        await Customer.filter(merged_into_id=merged.id).using_db(conn).update(merged_into_id=survivor.id)
        summary = f'{merged.number} merged into {survivor.number}: {invoices} invoices, {notes} notes moved'
        await audit.record('customer.merge', by=by, entity='customer', entity_id=survivor.id, detail=summary, conn=conn)
        await audit.record('customer.merged', by=by, entity='customer', entity_id=merged.id, detail=summary, conn=conn)
    publish_change(plan)
    customer_changed.publish(CustomerChanged(survivor.id, survivor.number, 'updated'))
    customer_changed.publish(CustomerChanged(merged.id, merged.number, 'deleted'))
    invoices_changed.publish(InvoicesChanged(survivor.id))
    invoices_changed.publish(InvoicesChanged(merged.id))
    return await get_customer_by_id(survivor.id)


async def _pair(first_id: int, second_id: int) -> tuple[CustomerView, CustomerView]:
    if first_id == second_id:
        raise ValidationFailed({'merge': _('Pick two different customers')})
    rows = await Customer.filter(id__in=[first_id, second_id]).values('id', 'erased_at', 'merged_into_id', 'number')
    usable = {row['id'] for row in rows if row['erased_at'] is None and row['merged_into_id'] is None}
    for customer_id in (first_id, second_id):
        if customer_id not in usable:
            raise NotFound(_('This customer no longer exists or was merged already'))
    return await get_customer_by_id(first_id), await get_customer_by_id(second_id)


def _changes(survivor: CustomerView, merged: CustomerView, take: set[str]) -> dict[str, Any]:
    """The edit that gives the survivor the picked values and both sets of categories."""
    mine, theirs = draft_of(survivor), draft_of(merged)
    changes: dict[str, Any] = {key: getattr(theirs, key) for key in PICKED if key in take}
    custom_keys = {key.removeprefix('custom:') for key in take if key.startswith('custom:')}
    if custom_keys:
        changes['custom'] = {key: theirs.custom.get(key) for key in custom_keys}
    names = {category_key(name): name for name in [*theirs.categories, *mine.categories]}
    if len(names) != len({category_key(name) for name in mine.categories}):
        changes['categories'] = list(names.values())
    return changes


async def _history_count(customer_id: int) -> int:
    return await AuditEntry.filter(entity='customer', entity_id=customer_id).count()


__all__ = ['MergeField', 'MergePreview', 'merge_customers', 'merge_preview', 'merged_ids', 'survivor_of']
