"""Read models of a customer, for the profile and the forms."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from models import Customer, CustomerKind, CustomFieldValue, TaxIdStatus, User
from services.core.errors import NotFound
from services.core.i18n import _, ngettext
from services.core.values.countries import country_name
from services.core.values.validation import format_phone, format_tax_id
from services.customers.categories import CategoryView
from services.customers.custom_fields import FieldDefinition, display, list_definitions, value_of
from services.customers.drafts import CustomerDraft


class CustomValueView(BaseModel):
    key: str
    label: str
    value: Any
    display: str
    active: bool


class CustomerView(BaseModel):
    id: int
    number: str
    kind: CustomerKind
    name: str
    contact_person: str
    email: str
    phone: str
    phone_display: str
    street: str
    postal_code: str
    city: str
    country: str
    country_name: str
    tax_id: str
    tax_id_display: str = ''
    tax_id_status: TaxIdStatus
    tax_id_scheme: str
    payment_terms_days: int | None
    consent_email: bool
    consent_phone: bool
    categories: list[CategoryView]
    custom: list[CustomValueView] = []
    archived: bool
    erased: bool = False
    merged_into_id: int | None = None  # a merged customer's tombstone: the customer it was merged into
    created_at: datetime
    updated_at: datetime | None = None
    updated_by_name: str = ''
    version: int = 1
    language: str = ''  # what the customer receives things in; '' = the company's language


async def get_customer(number: str) -> CustomerView:
    customer = await Customer.filter(number=number).prefetch_related('categories').first()
    if customer is None:
        raise NotFound(_('No customer {number}').format(number=number))
    return await view_of(customer)


async def get_customer_by_id(customer_id: int) -> CustomerView:
    customer = await Customer.filter(id=customer_id).prefetch_related('categories').first()
    if customer is None:
        raise NotFound(_('No customer {customer_id}').format(customer_id=customer_id))
    return await view_of(customer)


MAX_CHAIN = 20


async def survivor_of(customer_id: int) -> int | None:
    """The customer a merged customer's number opens now (following merges of merges); None if not merged."""
    current, seen = customer_id, 0
    while seen < MAX_CHAIN:
        target = await Customer.filter(id=current).values_list('merged_into_id', flat=True)
        if not target or target[0] is None:
            return None if current == customer_id else current
        current, seen = int(target[0]), seen + 1  # type: ignore[call-overload]
    return current


async def view_of(c: Customer) -> CustomerView:
    editor = await User.filter(id=c.updated_by_id).first() if c.updated_by_id else None
    return CustomerView(
        id=c.id,
        number=c.number,
        kind=c.kind,
        name=c.name,
        contact_person=c.contact_person,
        email=c.email,
        phone=c.phone,
        phone_display=format_phone(c.phone),
        street=c.street,
        postal_code=c.postal_code,
        city=c.city,
        country=c.country,
        country_name=country_name(c.country),
        tax_id=c.tax_id,
        tax_id_display=format_tax_id(c.tax_id, c.country, c.kind.value, c.tax_id_scheme),
        tax_id_status=c.tax_id_status,
        tax_id_scheme=c.tax_id_scheme,
        payment_terms_days=c.payment_terms_days,
        consent_email=c.consent_email,
        consent_phone=c.consent_phone,
        categories=categories_of(c),
        custom=await custom_values(c.id),
        archived=c.archived_at is not None,
        erased=c.erased_at is not None,
        merged_into_id=c.merged_into_id,
        created_at=c.created_at,
        updated_at=c.updated_at,
        updated_by_name=editor.display_name if editor else '',
        version=c.version,
        language=c.language,
    )


def shown_values(view: CustomerView) -> dict[str, str]:
    """Each field of a stored customer as the profile, table, PDF and export show it: exactly what the registration
    summary showed before saving (`Check.display` of the same field)."""
    return {
        'kind': _('Person') if view.kind == CustomerKind.PERSON else _('Company'),
        'name': view.name,
        'contact_person': view.contact_person,
        'email': view.email,
        'phone': view.phone_display,
        'street': view.street,
        'postal_code': view.postal_code,
        'city': view.city,
        'country': view.country_name,
        'tax_id': view.tax_id_display,
        'payment_terms': '' if view.payment_terms_days is None else _days(view.payment_terms_days),
        'consent_email': _('Yes') if view.consent_email else _('No'),
        'consent_phone': _('Yes') if view.consent_phone else _('No'),
        'categories': ', '.join(category.name for category in view.categories),
    }


def categories_of(customer: Customer) -> list[CategoryView]:
    return sorted(
        (CategoryView(id=c.id, name=c.name, colour=c.colour) for c in customer.categories),
        key=lambda c: c.name.casefold(),
    )


async def custom_values(customer_id: int) -> list[CustomValueView]:
    """Values of active fields in form order, then values kept from deactivated fields."""
    definitions = await list_definitions(include_inactive=True)
    rows = {row.definition_id: row for row in await CustomFieldValue.filter(customer_id=customer_id)}
    views = []
    for definition in sorted(definitions, key=lambda d: (not d.active, d.position)):
        row = rows.get(definition.id or 0)
        value = value_of(definition, row) if row else None
        if value is None and not definition.active:
            continue
        views.append(
            CustomValueView(
                key=definition.key,
                label=definition.label,
                value=value,
                display=display(definition, value),
                active=definition.active,
            )
        )
    return views


def draft_of(view: CustomerView) -> CustomerDraft:
    """A form draft holding the stored values, for editing."""
    return CustomerDraft(
        kind=view.kind,
        name=view.name,
        contact_person=view.contact_person,
        email=view.email,
        phone=view.phone_display,
        street=view.street,
        postal_code=view.postal_code,
        city=view.city,
        country=view.country,
        tax_id=view.tax_id_display or view.tax_id,
        payment_terms='' if view.payment_terms_days is None else str(view.payment_terms_days),
        categories=[c.name for c in view.categories],
        consent_email=view.consent_email,
        consent_phone=view.consent_phone,
        custom={value.key: _raw(value) for value in view.custom if value.active and value.value is not None},
        language=view.language,
    )


def _raw(value: CustomValueView) -> Any:
    return value.value if isinstance(value.value, bool) else value.display


__all__ = ['CustomValueView', 'CustomerView', 'FieldDefinition', 'get_customer', 'get_customer_by_id', 'view_of']


def _days(count: int) -> str:
    return ngettext('{count} day', '{count} days', count).format(count=count)
