"""Stored customers as form drafts: what an edit starts from (stored values are normalised, so they pass the checks)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from models import Customer, CustomFieldValue
from services.core.values.validation import format_tax_id
from services.customers.custom_fields import FieldDefinition, display, value_of
from services.customers.drafts import CustomerDraft
from services.customers.edit.conflicts import sorted_names


async def stored_drafts(
    customers: Sequence[Customer], definitions: Sequence[FieldDefinition]
) -> dict[int, CustomerDraft]:
    """Each customer (categories prefetched) as a draft, with its values of these custom fields, by customer id."""
    custom = await _custom_values([customer.id for customer in customers], definitions)
    return {customer.id: _draft_of(customer, custom[customer.id]) for customer in customers}


async def _custom_values(
    customer_ids: Sequence[int], definitions: Sequence[FieldDefinition]
) -> dict[int, dict[str, Any]]:
    """Each customer's stored custom values as form input, by field key."""
    by_id = {definition.id: definition for definition in definitions}
    values: dict[int, dict[str, Any]] = {customer_id: {} for customer_id in customer_ids}
    for row in await CustomFieldValue.filter(customer_id__in=list(customer_ids), definition_id__in=list(by_id)):
        definition = by_id[row.definition_id]
        value = value_of(definition, row)
        values[row.customer_id][definition.key] = value if isinstance(value, bool) else display(definition, value)
    return values


def _draft_of(customer: Customer, custom: dict[str, Any]) -> CustomerDraft:
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
        # Formatted in its stored scheme, so re-reading it (a new kind or country) keeps the scheme it has.
        tax_id=format_tax_id(customer.tax_id, customer.country, customer.kind.value, customer.tax_id_scheme),
        payment_terms='' if customer.payment_terms_days is None else str(customer.payment_terms_days),
        categories=sorted_names([category.name for category in customer.categories]),
        consent_email=customer.consent_email,
        consent_phone=customer.consent_phone,
        custom=custom,
    )
