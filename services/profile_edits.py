"""Changing a registered customer on its profile: whole-form edits with a version check, archive and restore."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from models import Customer, CustomFieldValue

from . import audit
from .actors import Actor
from .categories import category_key, ensure_categories
from .company import get_company_settings
from .custom_fields import FieldDefinition, display, list_definitions, stored_columns, value_of
from .customer_bulk import archive_customers, restore_customers
from .customer_list import get_rows
from .customer_views import CustomerView, get_customer_by_id, view_of
from .customers import report_values, required_for
from .drafts import CustomerDraft, check_draft
from .errors import Conflict, NotFound, ValidationFailed
from .events import CustomerChanged, customer_changed
from .search_index import search_text_of
from .search_keys import category_sort_key
from .validation import Status, format_phone

# Fields whose change is recorded in the history, with how to show a stored value.
TRACKED = (
    'kind',
    'name',
    'contact_person',
    'email',
    'phone',
    'street',
    'postal_code',
    'city',
    'country',
    'tax_id',
    'payment_terms_days',
    'consent_email',
    'consent_phone',
)


async def required_for_edit(by: Actor) -> frozenset[str]:
    """Required fields when editing: as at registration, but notes are added on their own, never in the form."""
    settings = await get_company_settings()
    return required_for(settings.required, by) - {'note'}


class StaleVersion(Conflict):
    """Someone else saved the customer after this user opened it."""

    def __init__(self, current: CustomerView) -> None:
        self.current = current
        super().__init__(f'Changed by {current.updated_by_name or "someone else"} meanwhile')


async def update_customer(
    customer_id: int,
    draft: CustomerDraft,
    *,
    expected_version: int,
    by: Actor,
    action: str = 'customer.update',
    detail: str = '',
) -> CustomerView:
    """Save the edited form when nobody else saved in between; only changed fields are written and recorded.

    Raises:
        ValidationFailed: like registration (same validators, same required fields).
        StaleVersion: the stored version is not `expected_version`; `.current` holds what is stored now.
    """
    definitions = await list_definitions()
    required = await required_for_edit(by)
    report = check_draft(draft.model_copy(update={'note': ''}), required, definitions)
    if not report.can_save:
        raise ValidationFailed(report.errors)
    customer = await Customer.filter(id=customer_id).prefetch_related('categories').first()
    if customer is None or customer.erased_at is not None:
        raise NotFound(f'No customer {customer_id}')
    if customer.version != expected_version:
        raise StaleVersion(await view_of(customer))
    values = report_values(report)
    changes = {
        key: (getattr(customer, key), value)
        for key, value in values.items()
        if key in TRACKED and getattr(customer, key) != value
    }
    old_categories = sorted((c.name for c in customer.categories), key=category_key)
    new_categories = sorted(report.value('categories'), key=category_key)
    custom_changes = await _custom_changes(customer_id, definitions, report.checks)
    now = datetime.now(UTC)
    async with in_transaction() as conn:
        updates: dict[str, Any] = {key: values[key] for key in changes}
        if 'name' in changes:
            updates['name_key'] = values['name_key']
        if 'tax_id' in changes or customer.tax_id_status != values['tax_id_status']:
            updates.update(tax_id_status=values['tax_id_status'], tax_id_scheme=values['tax_id_scheme'])
        for flag in ('consent_email', 'consent_phone'):
            if flag in changes:
                updates[f'{flag}_at'] = now if values[flag] else None
        categories_changed = [category_key(n) for n in old_categories] != sorted(
            category_key(n) for n in new_categories
        )
        for key, value in updates.items():  # the list's search text and category sort follow the new values
            setattr(customer, key, value)
        updates['search_text'] = search_text_of(customer)
        if categories_changed:
            updates['category_sort'] = category_sort_key(new_categories)
        written = (
            await Customer.filter(id=customer_id, version=expected_version)
            .using_db(conn)
            .update(**updates, version=F('version') + 1, updated_by_id=by.id, updated_at=now)
        )
        if not written:
            raise StaleVersion(await get_customer_by_id(customer_id))

        async def record(field: str, old: object, new: object) -> None:
            await audit.record(
                action,
                by=by,
                entity='customer',
                entity_id=customer_id,
                field=field,
                old=old,
                new=new,
                detail=detail,
                conn=conn,
            )

        for key, (old, new) in changes.items():
            await record(key, _shown(key, old), _shown(key, new))
        if categories_changed:
            await customer.categories.clear(using_db=conn)
            categories = await ensure_categories(new_categories, conn)
            if categories:
                await customer.categories.add(*categories, using_db=conn)
            await record('categories', old_categories, new_categories)
        for definition, check, old_shown in custom_changes:
            await CustomFieldValue.filter(customer_id=customer_id, definition_id=definition.id).using_db(conn).delete()
            if check.status != Status.EMPTY:
                await CustomFieldValue.create(
                    customer_id=customer_id,
                    definition_id=definition.id,
                    using_db=conn,
                    **stored_columns(definition, check),
                )
            await record(definition.draft_key, old_shown, check.display)
    fields = (*changes, *(['categories'] if categories_changed else []), *(d.draft_key for d, _, _ in custom_changes))
    rows = await get_rows([customer_id])
    customer_changed.publish(
        CustomerChanged(customer_id, customer.number, 'updated', fields=fields, row=rows[0] if rows else None)
    )
    return await get_customer_by_id(customer_id)


async def set_archived(customer_id: int, archived: bool, *, by: Actor) -> CustomerView:
    """Archive (hide from the default list) or restore one customer. Admins only; the same as the bulk action."""
    if archived:
        await archive_customers([customer_id], by=by)
    else:
        await restore_customers([customer_id], by=by)
    return await get_customer_by_id(customer_id)


async def _custom_changes(
    customer_id: int, definitions: list[FieldDefinition], checks: dict[str, Any]
) -> list[tuple[FieldDefinition, Any, str]]:
    stored = {row.definition_id: row for row in await CustomFieldValue.filter(customer_id=customer_id)}
    changes = []
    for definition in definitions:
        check = checks[definition.draft_key]
        row = stored.get(definition.id or 0)
        old = _value(definition, row)
        new = check.value if check.status != Status.EMPTY else None
        if old != new:
            changes.append((definition, check, display(definition, old)))
    return changes


def _value(definition: FieldDefinition, row: CustomFieldValue | None) -> Any:
    if row is None:
        return None
    return value_of(definition, row)


def _shown(key: str, value: Any) -> str:
    if key == 'phone':
        return format_phone(str(value or ''))
    if value is None:
        return ''
    if isinstance(value, bool):
        return 'yes' if value else 'no'
    return str(value)
