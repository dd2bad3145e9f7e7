"""A customer's history, read from the audit log, and reverting a single field change."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from models import AuditEntry, Customer
from services.core.actors import Actor, require_admin
from services.core.errors import Conflict, NotFound
from services.core.i18n import N_, Translated, _
from services.core.values.yes_no import read_yes_no, yes_no_text
from services.customers.custom_fields import CustomFieldKind, list_definitions
from services.customers.edit.change import TRACKED, change_customer
from services.customers.fields import FIELDS_BY_KEY
from services.customers.views import get_customer_by_id

NOTE_ACTIONS = ('note.', 'attachment.')
ACTION_TEXT = Translated(
    {
        'customer.create': N_('Registered'),
        'customer.update': N_('Changed'),
        'customer.revert': N_('Reverted'),
        'customer.archive': N_('Archived'),
        'customer.restore': N_('Restored'),
        'customer.export': N_('Data exported'),
        'customer.erase': N_('Personal data erased'),
        'customer.merge': N_('Merged'),
        'customer.merged': N_('Merged into another customer'),
        'note.add': N_('Note added'),
        'note.edit': N_('Note edited'),
        'note.delete': N_('Note deleted'),
        'note.restore': N_('Note restored'),
        'attachment.add': N_('Attachment added'),
        'attachment.delete': N_('Attachment removed'),
    }
)
LABELS = Translated(
    {**{spec.key: spec.text for spec in FIELDS_BY_KEY.values()}, 'payment_terms_days': N_('Payment terms (days)')}
)


class HistoryItem(BaseModel):
    id: int
    at: datetime
    actor_name: str
    action: str
    text: str
    field: str
    field_label: str
    old: str
    new: str
    detail: str
    revertable: bool


async def customer_history(customer_id: int, *, by: Actor) -> list[HistoryItem]:
    """Newest first, with the history of the customers merged into this one (they cannot be reverted here).

    Without notes access, note and attachment entries show that something happened, not what.
    """
    ids = [customer_id, *await merged_ids(customer_id)]
    entries = await AuditEntry.filter(entity='customer', entity_id__in=ids).order_by('-at', '-id')
    definitions = await list_definitions(include_inactive=True)
    labels = dict(LABELS) | {d.draft_key: d.label for d in definitions}
    flags = {'consent_email', 'consent_phone'} | {d.draft_key for d in definitions if d.kind == CustomFieldKind.YES_NO}
    items = []
    for entry in entries:
        private = entry.action.startswith(NOTE_ACTIONS) and not by.can_view_notes
        items.append(
            HistoryItem(
                id=entry.id,
                at=entry.at,
                actor_name=entry.actor_name,
                action=entry.action,
                text=ACTION_TEXT.get(entry.action, entry.action),
                field=entry.field,
                field_label=labels.get(entry.field, entry.field),
                old='' if private else _shown(entry.old_value, flag=entry.field in flags),
                new='' if private else _shown(entry.new_value, flag=entry.field in flags),
                detail='' if private else entry.detail,
                revertable=entry.entity_id == customer_id and _revertable(entry),
            )
        )
    return items


async def revert_change(entry_id: int, *, by: Actor, confirmed_duplicates: Iterable[int] = ()) -> None:
    """Put one field back to the value it had before the recorded change. Admins only; itself recorded.

    Raises:
        DuplicateFound: the old email, phone or tax ID is now another customer's (not in `confirmed_duplicates`).
    """
    require_admin(by)
    entry = await AuditEntry.filter(id=entry_id, entity='customer').first()
    if entry is None or entry.entity_id is None:
        raise NotFound(_('No customer change {entry_id}').format(entry_id=entry_id))
    if not _revertable(entry):
        raise Conflict(_('This change cannot be reverted'))
    current = await get_customer_by_id(entry.entity_id)
    await change_customer(
        current.id,
        _undo(entry.field, entry.old_value),
        expected_version=current.version,
        by=by,
        action='customer.revert',
        detail=f'revert of change {entry.id}',
        confirmed_duplicates=confirmed_duplicates,
    )


async def merged_ids(customer_id: int) -> list[int]:
    """The customers merged into this one, directly or through merges of merges (their history is its history)."""
    found: list[int] = []
    frontier = [customer_id]
    while frontier and len(found) < 10_000:
        ids = [int(i) for i in await Customer.filter(merged_into_id__in=frontier).values_list('id', flat=True)]  # type: ignore[call-overload]
        frontier = [i for i in ids if i not in found]
        found += frontier
    return found


def _undo(field: str, old: str) -> dict[str, Any]:
    """The change that puts `field` back to `old` (as the history shows it), in draft terms."""
    if field.startswith('custom:'):
        return {'custom': {field.removeprefix('custom:'): old}}
    if field == 'categories':
        return {'categories': [name for name in old.split(', ') if name]}
    if field in ('consent_email', 'consent_phone'):
        return {field: old == 'yes'}
    if field == 'payment_terms_days':
        return {'payment_terms': old}
    return {field: old}


def _shown(value: str, *, flag: bool) -> str:
    """A recorded value as the History shows it: a yes/no field's 'yes'/'Yes' in the user's language."""
    read = read_yes_no(value) if flag and value else None
    return value if read is None else yes_no_text(read)


def _revertable(entry: AuditEntry) -> bool:
    if entry.action not in ('customer.update', 'customer.revert'):
        return False
    return entry.field in TRACKED or entry.field == 'categories' or entry.field.startswith('custom:')
