"""The one write path for changing a registered customer: the table cell, the profile form, history reverts and bulk
category changes all come through `change_customer` / `change_customers`.

Each change is validated with the registration validators, applied only over the version (or the values) the user
saw, keeps the derived columns (match key, tax ID status, consent times, search text, category sort key), writes
one history entry per changed field and publishes one event per customer after the commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models import Customer, CustomFieldValue
from services.core import audit
from services.core.actors import Actor
from services.core.errors import DuplicateFound, NotFound, ValidationFailed
from services.core.events import CustomerChanged, customer_changed
from services.core.i18n import LANGUAGES, _
from services.core.values.countries import country_name
from services.core.values.validation import Check, Status
from services.customers.categories import category_key, ensure_categories
from services.customers.custom_fields import (
    FieldDefinition,
    check_custom_value,
    display,
    list_definitions,
    stored_columns,
)
from services.customers.drafts import CustomerDraft, DraftReport, check_draft, report_values, required_for
from services.customers.duplicates import find_duplicates
from services.customers.edit.conflicts import shown, sorted_names, stale_version
from services.customers.edit.stored_drafts import stored_drafts
from services.customers.fields import FIELDS_BY_KEY
from services.customers.list.search_index import search_text_of
from services.customers.list.search_keys import category_sort_key
from services.customers.registration_settings import get_company_settings
from services.customers.views import CustomerView, get_customer_by_id

# Columns recorded in the history (draft field `payment_terms` is the column `payment_terms_days`).
TRACKED = (
    'kind', 'name', 'contact_person', 'email', 'phone', 'street', 'postal_code', 'city', 'country', 'tax_id',
    'payment_terms_days', 'consent_email', 'consent_phone',
)  # fmt: skip
DRAFT_FIELD = {column: column for column in TRACKED} | {'payment_terms_days': 'payment_terms'}
# A country decides how these are read: a new country must fit them, and re-reads the tax ID.
READ_BY_COUNTRY = ('postal_code', 'tax_id')
# A new value of these is checked against the other customers (services/customers/duplicates.py).
IDENTIFYING = ('email', 'phone', 'tax_id')
MAX_ATTEMPTS = 3
CHUNK = 500


@dataclass
class Plan:
    """What one edit writes: columns, categories, custom values, history entries (field, old, new) and fields."""

    customer: Customer
    columns: dict[str, Any] = field(default_factory=dict)
    categories: list[str] | None = None
    custom: list[tuple[FieldDefinition, Any]] = field(default_factory=list)
    history: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.history

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(name for name, _, _ in self.history)


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
        report, plan = _plan(customer, stored, changes, required, definitions)
        if customer.version != expected_version and _overwrites_unseen(stored, report, seen, changes):
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
                plan = _plan(customer, drafts[customer.id], change(drafts[customer.id]), frozenset(), definitions)[1]
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


def _plan(
    customer: Customer,
    stored: CustomerDraft,
    changes: Mapping[str, Any],
    required: frozenset[str],
    definitions: Sequence[FieldDefinition],
) -> tuple[DraftReport, Plan]:
    """Validate the changed draft and work out what to write. Raises ValidationFailed keyed by changed fields."""
    report = _checked(stored, changes, required, definitions)
    values = report_values(report)
    plan = Plan(customer)
    # The country and the kind decide how the tax ID is read (its scheme and status are re-derived with them).
    asked = set(changes) | ({'tax_id'} if {'country', 'kind'} & set(changes) else set())
    for column in TRACKED:
        if DRAFT_FIELD[column] in asked and getattr(customer, column) != values[column]:
            plan.columns[column] = values[column]
            before = shown(column, getattr(customer, column), country=customer.country, kind=customer.kind.value)
            after = shown(column, values[column], country=values['country'], kind=values['kind'].value)
            plan.history.append((column, before, after))
    if 'language' in changes:  # what the customer receives things in: a code of LANGUAGES, '' = the company's
        language = changes['language'] if changes['language'] in LANGUAGES else ''
        if customer.language != language:
            plan.columns['language'] = language
            plan.history.append(('language', customer.language, language))
    if 'name' in plan.columns:
        plan.columns['name_key'] = values['name_key']
    if 'email' in plan.columns:
        plan.columns['email_key'] = values['email_key']
    if 'tax_id' in asked:
        for column in ('tax_id_status', 'tax_id_scheme'):
            if getattr(customer, column) != values[column]:
                plan.columns[column] = values[column]
    now = datetime.now(UTC)
    for flag in ('consent_email', 'consent_phone'):
        if flag in plan.columns:
            plan.columns[f'{flag}_at'] = now if values[flag] else None
    if 'categories' in changes:
        old, new = sorted_names(stored.categories), sorted_names(report.value('categories'))
        if [category_key(n) for n in old] != [category_key(n) for n in new]:
            plan.categories = new
            plan.history.append(('categories', ', '.join(old), ', '.join(new)))
    custom = changes.get('custom', {})
    for definition in definitions:
        if definition.key in custom:
            check = report.checks[definition.draft_key]
            old_value = _typed(check_custom_value(definition, stored.custom.get(definition.key)))
            if old_value != _typed(check):
                plan.custom.append((definition, check))
                plan.history.append((definition.draft_key, display(definition, old_value), check.display))
    return report, plan


def _checked(
    stored: CustomerDraft, changes: Mapping[str, Any], required: frozenset[str], definitions: Sequence[FieldDefinition]
) -> DraftReport:
    update = {key: value for key, value in changes.items() if key != 'custom'}
    try:
        draft = CustomerDraft.model_validate({**stored.model_dump(), **update, 'note': ''})
    except ValidationError as error:
        keys = {str(problem['loc'][0]) for problem in error.errors() if problem['loc']} & set(update)
        raise ValidationFailed({key: _('Not a valid value') for key in keys or update}) from None
    draft.custom = {**stored.custom, **changes.get('custom', {})}
    report = check_draft(draft, required, definitions)
    asked = set(update) | {f'custom:{key}' for key in changes.get('custom', {})}
    errors = {key: message for key, message in report.errors.items() if key in asked}
    if 'country' in update:
        for dependent in READ_BY_COUNTRY:
            check = report.checks[dependent]
            if dependent not in update and check.status == Status.ERROR:
                label, value = FIELDS_BY_KEY[dependent].label, getattr(stored, dependent)
                errors.setdefault(
                    'country', f'{label} {value} does not fit {country_name(report.value("country"))}: {check.message}'
                )
    if errors:
        raise ValidationFailed(errors)
    return report


def _overwrites_unseen(
    stored: CustomerDraft, report: DraftReport, seen: Mapping[str, Any] | None, changes: Mapping[str, Any]
) -> bool:
    """Whether the edit would overwrite a value the user has not seen (any save counts when `seen` is None)."""
    if seen is None or set(changes) - set(seen) or 'custom' in changes:
        return True
    seen_report = check_draft(stored.model_copy(update=dict(seen)), frozenset())
    current_report = check_draft(stored, frozenset())
    return any(_comparable(seen_report, key) != _comparable(current_report, key) for key in changes)


def _comparable(report: DraftReport, key: str) -> Any:
    check = report.checks[key]
    if check.status == Status.ERROR:
        return None  # what the user saw would not even be valid: it cannot be what is stored
    if key == 'categories':
        return tuple(sorted({category_key(name) for name in check.value}))
    return check.value


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
    return _plan(customer, stored, changes, required, definitions)[1]


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


def _typed(check: Check) -> Any:
    return None if check.status == Status.EMPTY else check.value
