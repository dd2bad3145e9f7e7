"""Two people changed the same customer: what the one who saves second is told."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from models import AuditEntry
from services.core.errors import Conflict
from services.core.i18n import _
from services.core.values.validation import format_phone, format_tax_id
from services.customers.categories import category_key
from services.customers.views import CustomerView, get_customer_by_id


class StaleVersion(Conflict):
    """Someone else changed what this edit would overwrite since the user read it.

    `current` is the customer as stored now; for a one-field edit the `Conflict` attributes name the field, its
    stored value, who changed it and when.
    """

    def __init__(self, current: CustomerView, *, field: str = '', changed_by: str = '') -> None:
        self.current = current
        who = changed_by or current.updated_by_name or _('someone else')
        value = stored_value(field, current) if field else None
        super().__init__(
            f'Changed by {who} meanwhile',
            field=field,
            current_value=value,
            current_display=shown(field, value) if field else '',
            current_version=current.version,
            changed_by=who,
            changed_at=current.updated_at,
        )


async def stale_version(customer_id: int, changes: Mapping[str, Any]) -> StaleVersion:
    current = await get_customer_by_id(customer_id)
    changed_by = current.updated_by_name
    if not changed_by:  # changed by a command-line task or before team accounts existed: the audit log knows
        entry = await AuditEntry.filter(entity='customer', entity_id=customer_id).order_by('-id').first()
        changed_by = entry.actor_name if entry else ''
    only = next(iter(changes)) if len(changes) == 1 and 'custom' not in changes else ''
    return StaleVersion(current, field=only, changed_by=changed_by or 'someone')


def sorted_names(names: Sequence[str]) -> list[str]:
    return sorted(names, key=category_key)


def stored_value(field: str, view: CustomerView) -> Any:
    """A field's stored value as the table shows it to compare (category names sorted)."""
    if field == 'categories':
        return sorted_names([category.name for category in view.categories])
    if field == 'payment_terms':
        return view.payment_terms_days
    return getattr(view, field)


def shown(column: str, value: Any, *, country: str = '', kind: str = 'company') -> str:
    """A stored value as the history and the conflict dialog show it (a tax ID formatted for its country)."""
    if column == 'phone':
        return format_phone(str(value or ''))
    if column == 'tax_id' and country:
        return format_tax_id(str(value or ''), country, kind)
    if value is None:
        return ''
    if isinstance(value, bool):
        return 'yes' if value else 'no'
    if isinstance(value, list):
        return ', '.join(sorted_names(value))
    return str(value)
