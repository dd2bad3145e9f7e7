"""The one definition of the customer fields: keys, labels and which of them may be required."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    required_by_default: bool = False
    always_required: bool = False
    can_be_required: bool = True


CUSTOMER_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec('kind', 'Type', can_be_required=False),
    FieldSpec('name', 'Name', required_by_default=True, always_required=True),
    FieldSpec('contact_person', 'Contact person'),
    FieldSpec('email', 'Email', required_by_default=True),
    FieldSpec('phone', 'Phone', required_by_default=True),
    FieldSpec('street', 'Street', required_by_default=True),
    FieldSpec('postal_code', 'Postal code', required_by_default=True),
    FieldSpec('city', 'City', required_by_default=True),
    # The country decides how phone, tax ID and postal code are read, so a customer always has one.
    FieldSpec('country', 'Country', required_by_default=True, always_required=True),
    FieldSpec('tax_id', 'Tax ID'),
    FieldSpec('payment_terms', 'Payment terms (days)'),
    FieldSpec('categories', 'Categories'),
    FieldSpec('consent_email', 'Customer agreed to be contacted by email', can_be_required=False),
    FieldSpec('consent_phone', 'Customer agreed to be contacted by phone', can_be_required=False),
    FieldSpec('note', 'Note'),
)

FIELDS_BY_KEY = {spec.key: spec for spec in CUSTOMER_FIELDS}
DEFAULT_REQUIRED = frozenset(spec.key for spec in CUSTOMER_FIELDS if spec.required_by_default)
ALWAYS_REQUIRED = frozenset(spec.key for spec in CUSTOMER_FIELDS if spec.always_required)
OPTIONALLY_REQUIRED = tuple(spec for spec in CUSTOMER_FIELDS if spec.can_be_required and not spec.always_required)


def required_set(chosen: list[str] | None) -> frozenset[str]:
    """The effective required fields: the chosen ones (or the defaults) plus those that are always required."""
    if chosen is None:
        return DEFAULT_REQUIRED
    allowed = {spec.key for spec in OPTIONALLY_REQUIRED}
    return frozenset(key for key in chosen if key in allowed) | ALWAYS_REQUIRED


def label(key: str, required: frozenset[str]) -> str:
    """The field label with ` *` when the field is required."""
    text = FIELDS_BY_KEY[key].label
    return f'{text} *' if key in required else text
