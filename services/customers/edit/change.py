"""The one write path for changing a registered customer: the table cell, the profile form, history reverts and bulk
category changes all come through `change_customer` / `change_customers`.

Each change is validated with the registration validators, applied only over the version (or the values) the user
saw, keeps the derived columns (match key, tax ID status, consent times, search text, category sort key), writes
one history entry per changed field and publishes one event per customer after the commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models import Customer, CustomFieldValue
from services.core import audit
from services.core.actors import Actor
from services.core.errors import DuplicateFound, NotFound
from services.core.events import CustomerChanged, customer_changed
from services.core.i18n import _
from services.core.values.validation import Status
from services.customers.categories import ensure_categories
from services.customers.custom_fields import (
    list_definitions,
    stored_columns,
)
from services.customers.drafts import CustomerDraft, required_for
from services.customers.duplicates import find_duplicates
from services.customers.edit.conflicts import sorted_names, stale_version
from services.customers.edit.plan import TRACKED, Plan, overwrites_unseen, plan_change
from services.customers.edit.stored_drafts import stored_drafts
from services.customers.list.search_index import search_text_of
from services.customers.list.search_keys import category_sort_key
from services.customers.registration_settings import get_company_settings
from services.customers.views import CustomerView, get_customer_by_id

__all__ = ['TRACKED', 'Plan', 'change_customer', 'change_customers', 'prepare_change', 'publish_change', 'write_change']

# A new value of these is checked against the other customers (services/customers/duplicates.py).
IDENTIFYING = ('email', 'phone', 'tax_id')
MAX_ATTEMPTS = 3
CHUNK = 500


async def change_customer(
    customer_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int,
    seen: Mapping[str, Any] | None = None,
    by: Actor,
    action: str = 'customer.update',
    detail: str = '',
    confirmed_duplicates: Iterable[int] = (),
) -> CustomerView:
    """Change some fields of one customer, only over what the user saw.

    `changes` maps draft fields (`name`, `payment_terms`, `categories`, ...; `custom` maps custom field keys) to
    values as typed. Without `seen`, any save since `expected_version` is a conflict (the profile's whole form);
    with `seen` (the values the user saw of the changed fields), saves of other fields are not (a table cell).

    Raises:
        ValidationFailed: keyed by the changed fields, with the registration form's messages; nothing is stored.
        StaleVersion: someone else changed it first; `.current` is what is stored now.
        DuplicateFound: the new email, phone or tax ID is another customer's, and that customer's id is not in
            `confirmed_duplicates` (the registration's check, run on the changed identifying fields only).
        NotFound: the customer does not exist or was erased.
    """
    definitions = await list_definitions()
    required = required_for((await get_company_settings()).required, by) - {'note'}
    for _attempt in range(MAX_ATTEMPTS):
        customer = await _load(customer_id)
        stored = (await stored_drafts([customer], definitions))[customer_id]
        report, plan = plan_change(customer, stored, changes, required, definitions)
        if customer.version != expected_version and overwrites_unseen(stored, report, seen, changes):
            raise await stale_version(customer_id, changes)
        if plan.empty:
            return await get_customer_by_id(customer_id)
        await _check_duplicates(plan, confirmed_duplicates)
        async with in_transaction() as conn:
            written = await _write(plan, by=by, conn=conn)
            if written:
                await _record([plan], action=action, detail=detail, by=by, conn=conn)
        if written:
            _publish([plan])
            return await get_customer_by_id(customer_id)
    raise await stale_version(customer_id, changes)


async def change_customers(
    customer_ids: Sequence[int], change: Callable[[CustomerDraft], Mapping[str, Any]], *, by: Actor
) -> list[int]:
    """Apply `change` (stored draft -> changes) to each customer's current values; returns the ids that changed.

    For bulk actions: each customer is validated and written like `change_customer`, in transactions of
    `CHUNK` customers; a customer saved by someone else meanwhile is read again and changed on top.

    Raises:
        ValidationFailed: a change is invalid for some customer; nothing of that chunk is stored.
    """
    definitions = await list_definitions()
    changed: list[int] = []
    for start in range(0, len(customer_ids), CHUNK):
        pending = list(customer_ids[start : start + CHUNK])
        for _attempt in range(MAX_ATTEMPTS):
            customers = await Customer.filter(
                id__in=pending, erased_at__isnull=True, merged_into_id__isnull=True
            ).prefetch_related('categories')
            drafts = await stored_drafts(customers, definitions)
            plans = []
            for customer in customers:
                plan = plan_change(
                    customer, drafts[customer.id], change(drafts[customer.id]), frozenset(), definitions
                )[1]
                if not plan.empty:
                    plans.append(plan)
            async with in_transaction() as conn:
                done = [plan for plan in plans if await _write(plan, by=by, conn=conn)]
                await _record(done, action='customer.update', detail='', by=by, conn=conn)
            _publish(done)
            changed += [plan.customer.id for plan in done]
            pending = [plan.customer.id for plan in plans if plan not in done]
            if not pending:
                break
    return changed


async def prepare_change(customer_id: int, changes: Mapping[str, Any], *, by: Actor) -> Plan:
    """Validate `changes` (as `change_customer` takes them) on the stored customer and plan the write; for a use case
    that writes the change inside its own transaction (a merge). Check `plan.customer.version` before writing.

    Raises:
        ValidationFailed: keyed by the changed fields; NotFound: the customer does not exist, was erased or merged.
    """
    definitions = await list_definitions()
    required = required_for((await get_company_settings()).required, by) - {'note'}
    customer = await _load(customer_id)
    stored = (await stored_drafts([customer], definitions))[customer_id]
    return plan_change(customer, stored, changes, required, definitions)[1]


async def write_change(plan: Plan, *, by: Actor, conn: BaseDBAsyncClient, action: str, detail: str = '') -> bool:
    """Write a planned change (and its history) in the caller's transaction, bumping the version even when nothing
    but the version changes; False when the customer was saved by someone else since it was planned."""
    if plan.empty:
        customer = plan.customer
        return bool(
            await Customer.filter(id=customer.id, version=customer.version)
            .using_db(conn)
            .update(version=customer.version + 1, updated_by_id=by.id, updated_at=datetime.now(UTC))
        )
    if not await _write(plan, by=by, conn=conn):
        return False
    await _record([plan], action=action, detail=detail, by=by, conn=conn)
    return True


def publish_change(plan: Plan) -> None:
    """Tell the open pages about a change written with `write_change` (after the commit)."""
    _publish([plan])


async def _check_duplicates(plan: Plan, confirmed: Iterable[int]) -> None:
    """Refuse a new email, phone or tax ID that another customer has, unless the user confirmed that customer.

    Unlike registration, a same phone asks too: a table cell has no live summary where a hint could show.
    """
    identifying = {key: str(plan.columns[key]) for key in IDENTIFYING if plan.columns.get(key)}
    if not identifying:
        return
    matches = await find_duplicates(**identifying, exclude_id=plan.customer.id)
    unconfirmed = [match for match in matches if match.customer_id not in set(confirmed)]
    if unconfirmed:
        raise DuplicateFound(unconfirmed)


async def _write(plan: Plan, *, by: Actor, conn: BaseDBAsyncClient) -> bool:
    """Write the plan if the customer still has the version it was planned on; False when someone was faster."""
    customer = plan.customer
    updates = dict(plan.columns)
    for column, value in plan.columns.items():
        setattr(customer, column, value)
    if plan.columns:
        updates['search_text'] = search_text_of(customer)
    if plan.categories is not None:
        updates['category_sort'] = category_sort_key(plan.categories)
    written = (
        await Customer.filter(id=customer.id, version=customer.version)
        .using_db(conn)
        .update(**updates, version=customer.version + 1, updated_by_id=by.id, updated_at=datetime.now(UTC))
    )
    if not written:
        return False
    if plan.categories is not None:
        categories = await ensure_categories(plan.categories, conn)
        await customer.categories.clear(using_db=conn)
        if categories:
            await customer.categories.add(*categories, using_db=conn)
        stored = ', '.join(sorted_names([category.name for category in categories]))  # "vip" joins "VIP"
        plan.history = [(name, old, stored if name == 'categories' else new) for name, old, new in plan.history]
    for definition, check in plan.custom:
        await CustomFieldValue.filter(customer_id=customer.id, definition_id=definition.id).using_db(conn).delete()
        if check.status != Status.EMPTY:
            columns = stored_columns(definition, check)
            await CustomFieldValue.create(
                customer_id=customer.id, definition_id=definition.id, using_db=conn, **columns
            )
    return True


async def _record(plans: Sequence[Plan], *, action: str, detail: str, by: Actor, conn: BaseDBAsyncClient) -> None:
    entries = [(plan.customer.id, name, old, new) for plan in plans for name, old, new in plan.history]
    if entries:
        await audit.record_many(action, by=by, entity='customer', changes=entries, detail=detail, conn=conn)


def _publish(plans: Sequence[Plan]) -> None:
    for plan in plans:
        customer_changed.publish(CustomerChanged(plan.customer.id, plan.customer.number, 'updated', plan.fields))


async def _load(customer_id: int) -> Customer:
    customer = await Customer.filter(id=customer_id).prefetch_related('categories').first()
    if customer is None or customer.erased_at is not None or customer.merged_into_id is not None:
        raise NotFound(_('This customer no longer exists'))
    return customer
