"""Changing one field of a customer in place, safe against two people editing the same customer."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from tortoise.transactions import in_transaction

from models import AuditEntry, Customer

from . import audit
from .actors import Actor
from .categories import category_key, ensure_categories
from .company import get_company_settings
from .countries import country_name
from .customer_fields import FIELDS_BY_KEY
from .customer_list import CustomerRow, get_rows
from .customers import report_values
from .drafts import CustomerDraft, check_draft
from .errors import Conflict, NotFound, ValidationFailed
from .events import CustomerChanged, customer_changed
from .search_index import search_text_of
from .search_keys import category_sort_key
from .validation import Status, format_phone

# The columns each editable field writes: a name also updates its match key, a country re-reads the tax ID.
EDITABLE_FIELDS: dict[str, tuple[str, ...]] = {
    'name': ('name', 'name_key'),
    'email': ('email',),
    'phone': ('phone',),
    'postal_code': ('postal_code',),
    'city': ('city',),
    'country': ('country', 'tax_id', 'tax_id_status', 'tax_id_scheme'),
    'categories': (),
}
# A country decides how these are read; a new country must not make them invalid.
READ_BY_COUNTRY = ('postal_code', 'tax_id')
CATEGORY_NAMES = 'category_names'  # not a column: the names the categories field is set to
MAX_ATTEMPTS = 3


async def update_customer_field(
    customer_id: int, field: str, value: Any, expected_version: int, by: Actor, *, seen: Any = None
) -> CustomerRow:
    """Set one field, validated like the form, only if the customer still has `expected_version`.

    `seen` is the value the user saw when they started editing: when only other fields changed since then, the edit
    goes ahead (it cannot overwrite anything the user has not seen). Returns the customer's new row.

    Raises:
        ValidationFailed: the value is invalid (keyed by `field`); nothing is stored.
        Conflict: someone else changed this field (or, without `seen`, the customer) since `expected_version`.
        NotFound: the customer no longer exists.
    """
    if field not in EDITABLE_FIELDS:
        raise ValidationFailed({field: 'This field cannot be changed in the table'})
    required = (await get_company_settings()).required
    for _ in range(MAX_ATTEMPTS):
        customer = await _load(customer_id)
        names = [category.name for category in customer.categories]
        changes, new = _checked(customer, names, field, value, required)
        old = _comparable(field, customer, names)
        if customer.version != expected_version and (seen is None or _seen(customer, names, field, seen) != old):
            raise await _conflict(customer_id, field)
        if new == old:
            break  # nothing to store
        if await _write(customer, field, changes, _display(field, _current(field, customer)), by):
            rows = await get_rows([customer_id])
            customer_changed.publish(CustomerChanged(customer_id, customer.number, 'updated', (field,), rows[0]))
            return rows[0]
    else:
        raise await _conflict(customer_id, field)
    return (await get_rows([customer_id]))[0]


async def _load(customer_id: int) -> Customer:
    customer = await Customer.filter(id=customer_id).prefetch_related('categories').first()
    if customer is None:
        raise NotFound('This customer no longer exists')
    return customer


def _checked(
    customer: Customer, names: list[str], field: str, value: Any, required: frozenset[str]
) -> tuple[dict[str, Any], Any]:
    """The column values to write, and the new value in comparable form. Raises ValidationFailed."""
    try:
        draft = CustomerDraft.model_validate({**_draft(customer, names).model_dump(), field: value})
    except ValidationError:
        raise ValidationFailed({field: 'Not a valid value'}) from None
    report = check_draft(draft, required)
    check = report.checks[field]
    if check.blocks_saving:
        raise ValidationFailed({field: check.message})
    if field == 'categories':
        return {CATEGORY_NAMES: check.value}, _category_keys(check.value)
    if field == 'country':
        for dependent in READ_BY_COUNTRY:
            if report.checks[dependent].status == Status.ERROR:
                label, stored = FIELDS_BY_KEY[dependent].label, getattr(customer, dependent)
                message = report.checks[dependent].message
                raise ValidationFailed({field: f'{label} {stored} does not fit {country_name(check.value)}: {message}'})
    values = report_values(report)
    return {column: values[column] for column in EDITABLE_FIELDS[field]}, values[field]


async def _write(customer: Customer, field: str, changes: dict[str, Any], old: str, by: Actor) -> bool:
    """Write the change if the version is still the one read; False when someone was faster."""
    names: list[str] = changes.pop(CATEGORY_NAMES, [])
    for column, column_value in changes.items():
        setattr(customer, column, column_value)
    if field == 'categories':
        changes['category_sort'] = category_sort_key(names)
    else:
        changes['search_text'] = search_text_of(customer)
    async with in_transaction() as conn:
        updated = (
            await Customer.filter(id=customer.id, version=customer.version)
            .using_db(conn)
            .update(**changes, version=customer.version + 1, updated_by_id=by.id, updated_at=datetime.now(UTC))
        )
        if not updated:
            return False
        if field == 'categories':
            categories = await ensure_categories(names, conn)
            await customer.categories.clear(using_db=conn)
            if categories:
                await customer.categories.add(*categories, using_db=conn)
            names = [category.name for category in categories]  # as stored: "vip" joins the existing "VIP"
        await audit.record(
            'customer.update',
            by=by,
            entity='customer',
            entity_id=customer.id,
            field=field,
            old=old,
            new=_display(field, _current(field, customer, names)),
            conn=conn,
        )
    return True


async def _conflict(customer_id: int, field: str) -> Conflict:
    customer = await _load(customer_id)
    await customer.fetch_related('updated_by')
    current = _current(field, customer)
    if customer.updated_by is not None:
        changed_by = customer.updated_by.display_name
    else:  # changed by a command-line task or before team accounts existed: the audit log knows the name
        entry = await AuditEntry.filter(entity='customer', entity_id=customer_id).order_by('-id').first()
        changed_by = entry.actor_name if entry else ''
    return Conflict(
        field=field,
        current_value=current,
        current_display=_display(field, current),
        current_version=customer.version,
        changed_by=changed_by or 'someone',
        changed_at=customer.updated_at,
    )


def _draft(customer: Customer, names: list[str]) -> CustomerDraft:
    """The stored customer as form input (stored values are normalised, so they pass the same checks)."""
    return CustomerDraft(
        kind=customer.kind,
        name=customer.name,
        contact_person=customer.contact_person,
        email=customer.email,
        phone=customer.phone,
        street=customer.street,
        postal_code=customer.postal_code,
        city=customer.city,
        country=customer.country,
        tax_id=customer.tax_id,
        payment_terms='' if customer.payment_terms_days is None else str(customer.payment_terms_days),
        categories=names,
        consent_email=customer.consent_email,
        consent_phone=customer.consent_phone,
    )


def _current(field: str, customer: Customer, names: list[str] | None = None) -> Any:
    """The field's stored value (the category names, sorted, for categories)."""
    if field != 'categories':
        return getattr(customer, field)
    if names is None:
        names = [category.name for category in customer.categories]
    return sorted(names, key=category_key)


def _comparable(field: str, customer: Customer, names: list[str]) -> Any:
    return _category_keys(names) if field == 'categories' else getattr(customer, field)


def _seen(customer: Customer, names: list[str], field: str, seen: Any) -> Any:
    """What the user saw, normalised like a new value (None when it would not even be valid)."""
    try:
        return _checked(customer, names, field, seen, frozenset())[1]
    except ValidationFailed:
        return None


def _category_keys(names: list[str]) -> tuple[str, ...]:
    """Categories compare by key ("VIP" is "vip")."""
    return tuple(sorted({category_key(name) for name in names}))


def _display(field: str, value: Any) -> str:
    if field == 'categories':
        return ', '.join(value)
    if field == 'phone':
        return format_phone(str(value))
    return str(value)
