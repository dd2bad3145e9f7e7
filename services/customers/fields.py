"""The one definition of the customer fields: keys, labels and which of them may be required."""

from __future__ import annotations

from dataclasses import dataclass

from services.core.i18n import N_, _


@dataclass(frozen=True)
class FieldSpec:
    key: str
    text: str  # the English label, marked with N_()
    required_by_default: bool = False
    always_required: bool = False
    can_be_required: bool = True

    @property
    def label(self) -> str:
        """The label in the current language."""
        return _(self.text)


CUSTOMER_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec('kind', N_('Type'), can_be_required=False),
    FieldSpec('name', N_('Name'), required_by_default=True, always_required=True),
    FieldSpec('contact_person', N_('Contact person')),
    FieldSpec('email', N_('Email'), required_by_default=True),
    FieldSpec('phone', N_('Phone'), required_by_default=True),
    FieldSpec('street', N_('Street'), required_by_default=True),
    FieldSpec('postal_code', N_('Postal code'), required_by_default=True),
    FieldSpec('city', N_('City'), required_by_default=True),
    # The country decides how phone, tax ID and postal code are read, so a customer always has one.
    FieldSpec('country', N_('Country'), required_by_default=True, always_required=True),
    FieldSpec('tax_id', N_('Tax ID')),
    FieldSpec('payment_terms', N_('Payment terms (days)')),
    FieldSpec('categories', N_('Categories')),
    FieldSpec('consent_email', N_('Customer agreed to be contacted by email'), can_be_required=False),
    FieldSpec('consent_phone', N_('Customer agreed to be contacted by phone'), can_be_required=False),
    FieldSpec('note', N_('Note')),
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
