"""A customer as typed into the form, and the verdict on it: one function serves the live form and the save path."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from models import Customer, CustomerKind, TaxIdStatus
from services.core.actors import Actor
from services.core.columns import column_length
from services.core.i18n import _
from services.core.values.validation import (
    EMPTY,
    Check,
    Status,
    check_country,
    check_email,
    check_name,
    check_payment_terms,
    check_phone,
    check_postal_code,
    check_tax_id,
    check_text,
    clean,
    email_key,
    name_key,
    uses_postal_codes,
)
from services.customers.categories import category_key
from services.customers.custom_fields import FieldDefinition, check_custom_value
from services.customers.fields import CUSTOMER_FIELDS

logger = logging.getLogger(__name__)
MAX_CATEGORY_LENGTH = 50  # models.Category.name and .name_key
MAX_NOTE_LENGTH = 10_000


class CustomerDraft(BaseModel):
    """Raw input, exactly as typed. Nothing here is trusted until `check_draft` has looked at it."""

    model_config = ConfigDict(validate_assignment=True)

    kind: CustomerKind = CustomerKind.COMPANY
    name: str = ''
    contact_person: str = ''
    email: str = ''
    phone: str = ''
    street: str = ''
    postal_code: str = ''
    city: str = ''
    country: str = ''
    tax_id: str = ''
    payment_terms: str = ''
    categories: list[str] = Field(default_factory=list)
    consent_email: bool = False
    consent_phone: bool = False
    note: str = ''
    custom: dict[str, Any] = Field(default_factory=dict)  # custom field key -> raw value
    language: str = ''  # what the customer receives invoices and emails in (a code of LANGUAGES); '' = the company's

    def is_blank(self, *, country: str = '') -> bool:
        """True while the user has typed nothing worth keeping (the pre-filled country does not count)."""
        blank = CustomerDraft(country=country, kind=self.kind)
        filled = any(value not in (None, '', False) for value in self.custom.values())
        return not filled and self.model_dump(exclude={'kind', 'custom'}) == blank.model_dump(
            exclude={'kind', 'custom'}
        )


@dataclass(frozen=True)
class DraftReport:
    """Per-field checks plus the fields that are required but empty."""

    checks: dict[str, Check]
    missing: tuple[str, ...]
    labels: dict[str, str]

    @property
    def errors(self) -> dict[str, str]:
        return {key: check.message for key, check in self.checks.items() if check.blocks_saving}

    @property
    def can_save(self) -> bool:
        return not self.errors

    def value(self, key: str) -> Any:
        return self.checks[key].value


def check_draft(
    draft: CustomerDraft, required: frozenset[str], definitions: Sequence[FieldDefinition] = ()
) -> DraftReport:
    """Validate and normalise every field of a draft, the active custom fields included."""
    country = clean(draft.country).upper()
    checks: dict[str, Check] = {
        'kind': Check(Status.OK, draft.kind, _('Person') if draft.kind == CustomerKind.PERSON else _('Company')),
        'name': guarded(check_name, draft.name),
        'contact_person': guarded(check_name, draft.contact_person),
        'email': guarded(check_email, draft.email),
        'phone': guarded(check_phone, draft.phone, country),
        'street': guarded(check_text, draft.street, max_length=200),
        'postal_code': guarded(check_postal_code, draft.postal_code, country),
        'city': guarded(check_text, draft.city, max_length=100),
        'country': guarded(check_country, country),
        'tax_id': guarded(check_tax_id, draft.tax_id, country, draft.kind.value),
        'payment_terms': guarded(check_payment_terms, draft.payment_terms),
        'categories': guarded(check_categories, draft.categories),
        'consent_email': _check_flag(draft.consent_email),
        'consent_phone': _check_flag(draft.consent_phone),
        'note': guarded(check_text, draft.note, max_length=MAX_NOTE_LENGTH),
    }
    checks.update(_overflowing(checks))
    missing = []
    for spec in CUSTOMER_FIELDS:
        if spec.key not in required or checks[spec.key].status != Status.EMPTY:
            continue
        if spec.key == 'postal_code' and not uses_postal_codes(country):
            continue
        checks[spec.key] = Check(Status.MISSING, message=_('{label} is required').format(label=spec.label))
        missing.append(spec.key)
    for definition in definitions:
        check = guarded(check_custom_value, definition, draft.custom.get(definition.key))
        if definition.required and check.status == Status.EMPTY:
            check = Check(Status.MISSING, message=_('{label} is required').format(label=definition.label))
            missing.append(definition.draft_key)
        checks[definition.draft_key] = check
    labels = {spec.key: spec.label for spec in CUSTOMER_FIELDS} | {d.draft_key: d.label for d in definitions}
    return DraftReport(checks, tuple(missing), labels)


def guarded(validator: Callable[..., Check], raw: object, *args: Any, **kwargs: Any) -> Check:
    """`validator(raw, ...)`, with anything a library raises inside it turned into a field error (never escapes)."""
    try:
        return validator(raw, *args, **kwargs)
    except Exception:  # a validator's library (URL, phone, tax ID parsers) may raise anything on odd input
        logger.warning('validator %s raised on a value; shown as a field error', validator.__name__, exc_info=True)
        text = clean(raw) if isinstance(raw, str) else ''
        return Check(Status.ERROR, text, text, _('This value cannot be read; please check it'))


def _overflowing(checks: dict[str, Check]) -> dict[str, Check]:
    """Errors for values the database would refuse: every stored column and every value derived from it (the match
    key of a name, the A-label of an email, a tax ID's scheme, a category's key) after normalisation must fit its
    column (`'ﬃ' * 70` fits the 200-character name, its match key `'ffi' * 70` does not). Limits come from the model.
    """
    derived: dict[str, list[tuple[str, str]]] = {
        'name': [('name', ''), ('name_key', 'name_key')],
        'contact_person': [('contact_person', '')],
        'email': [('email', ''), ('email_key', 'email_key')],
        'phone': [('phone', '')],
        'street': [('street', '')],
        'postal_code': [('postal_code', '')],
        'city': [('city', '')],
        'tax_id': [('tax_id', ''), ('tax_id_scheme', 'scheme')],
    }
    errors: dict[str, Check] = {}
    for key, columns in derived.items():
        check = checks[key]
        if check.status in (Status.EMPTY, Status.MISSING) or check.blocks_saving:
            continue
        for column, how in columns:
            value = _derived_value(str(check.value or ''), check, how)
            limit = column_length(Customer, column)
            if len(value) > limit:
                errors[key] = Check(Status.ERROR, check.value, check.display, _too_long(column, limit))
                break
    return errors


def _derived_value(value: str, check: Check, how: str) -> str:
    if how == 'name_key':
        return name_key(value)
    if how == 'email_key':
        return email_key(value)
    if how == 'scheme':
        return check.detail
    return value


def _too_long(column: str, limit: int) -> str:
    if column in ('name_key', 'email_key'):
        return _('Too long once normalised for searching (at most {count} characters)').format(count=limit)
    return _('At most {count} characters').format(count=limit)


def check_categories(names: list[str]) -> Check:
    unique: dict[str, str] = {}
    for raw in names:
        name = ' '.join(clean(raw).split())
        if name:
            unique.setdefault(name.casefold(), name)
    if not unique:
        return Check(Status.EMPTY, [])
    values = list(unique.values())
    # The key is stored too, and case-folding may lengthen a name ('ß' * 30 -> 'ss' * 30).
    too_long = [name for name in values if max(len(name), len(category_key(name))) > MAX_CATEGORY_LENGTH]
    if too_long:
        return Check(
            Status.ERROR,
            values,
            ', '.join(values),
            _('Category names have at most {count} characters').format(count=MAX_CATEGORY_LENGTH),
        )
    return Check(Status.OK, values, ', '.join(values))


def _check_flag(value: bool) -> Check:
    return Check(Status.OK, value, _('Yes')) if value else Check(Status.EMPTY, False, _('No'))


def required_for(required: frozenset[str], by: Actor) -> frozenset[str]:
    """A user without notes access cannot write a note, so for them a note is never required."""
    return required if by.can_view_notes else required - {'note'}


def report_values(report: DraftReport) -> dict[str, Any]:
    """The model fields of a checked draft, normalised."""
    tax = report.checks['tax_id']
    if tax.status == Status.EMPTY:
        tax_status = TaxIdStatus.NONE
    elif tax.status == Status.OK:
        tax_status = TaxIdStatus.VALID if tax.verified else TaxIdStatus.FORMAT
    else:
        tax_status = TaxIdStatus.UNCHECKED
    return {
        'kind': report.value('kind'),
        'name': report.value('name'),
        'name_key': name_key(report.value('name')),
        'contact_person': report.value('contact_person'),
        'email': report.value('email'),
        'email_key': email_key(report.value('email')) if report.value('email') else '',
        'phone': report.value('phone'),
        'street': report.value('street'),
        'postal_code': report.value('postal_code'),
        'city': report.value('city'),
        'country': report.value('country'),
        'tax_id': tax.value,
        'tax_id_status': tax_status,
        'tax_id_scheme': tax.detail,
        # 0 days (due on receipt) is a value, not 'no terms'.
        'payment_terms_days': report.value('payment_terms')
        if report.checks['payment_terms'].status == Status.OK
        else None,
        'consent_email': report.value('consent_email'),
        'consent_phone': report.value('consent_phone'),
    }


__all__ = ['EMPTY', 'CustomerDraft', 'CustomerKind', 'DraftReport', 'check_draft']
