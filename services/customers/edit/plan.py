"""Planning one customer edit: validate the changed draft with the registration validators and work out which
columns, categories, custom values and history entries to write (`services.customers.edit.change` writes them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from models import Customer
from services.core.errors import ValidationFailed
from services.core.i18n import LANGUAGES, _
from services.core.values.countries import country_name
from services.core.values.validation import Check, Status
from services.customers.categories import category_key
from services.customers.custom_fields import (
    FieldDefinition,
    check_custom_value,
    stored_text,
)
from services.customers.drafts import CustomerDraft, DraftReport, check_draft, report_values
from services.customers.edit.conflicts import shown, sorted_names
from services.customers.fields import FIELDS_BY_KEY

# Columns recorded in the history (draft field `payment_terms` is the column `payment_terms_days`).
TRACKED = (
    'kind', 'name', 'contact_person', 'email', 'phone', 'street', 'postal_code', 'city', 'country', 'tax_id',
    'payment_terms_days', 'consent_email', 'consent_phone',
)  # fmt: skip
DRAFT_FIELD = {column: column for column in TRACKED} | {'payment_terms_days': 'payment_terms'}
# A country decides how these are read: a new country must fit them, and re-reads the tax ID.
READ_BY_COUNTRY = ('postal_code', 'tax_id')


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


def plan_change(
    customer: Customer,
    stored: CustomerDraft,
    changes: Mapping[str, Any],
    required: frozenset[str],
    definitions: Sequence[FieldDefinition],
) -> tuple[DraftReport, Plan]:
    """Validate the changed draft and work out what to write. Raises ValidationFailed keyed by changed fields."""
    report = checked_draft(stored, changes, required, definitions)
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
                new_text = stored_text(definition, _typed(check))
                plan.history.append((definition.draft_key, stored_text(definition, old_value), new_text))
    return report, plan


def checked_draft(
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
                    'country',
                    _('{field} {value} does not fit {country}: {reason}').format(
                        field=label, value=value, country=country_name(report.value('country')), reason=check.message
                    ),
                )
    if errors:
        raise ValidationFailed(errors)
    return report


def overwrites_unseen(
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


def _typed(check: Check) -> Any:
    return None if check.status == Status.EMPTY else check.value
