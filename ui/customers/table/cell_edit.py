"""Saving an edit made in a table cell: the answer goes back to the cell; a conflict asks the user."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from nicegui import ui

from services.core.errors import ClientbookError, Conflict, DuplicateFound, NotFound, ValidationFailed
from services.core.i18n import _
from services.customers.edit.entry_points import EDITABLE_FIELDS, update_customer_field
from services.customers.list.query import get_rows
from ui.access.session import current_actor
from ui.customers.conflict_dialog import use_mine
from ui.customers.duplicate_dialog import confirm_duplicates
from ui.customers.table.customer_grid import LABELS, CustomerGrid

MAX_VALUE_LENGTH = 2000
MAX_CATEGORIES = 50

Value = str | list[str]


@dataclass(frozen=True)
class CellEdit:
    """One save request from the browser, type-checked (the browser is not trusted; the service checks values)."""

    request: int
    customer_id: int
    field: str
    value: Value
    version: int
    seen: Value | None

    @staticmethod
    def parse(args: Any) -> CellEdit | None:
        if not isinstance(args, dict) or args.get('field') not in EDITABLE_FIELDS:
            return None
        numbers = [args.get(key) for key in ('req', 'id', 'version')]
        if not all(isinstance(number, int) and not isinstance(number, bool) for number in numbers):
            return None
        value, seen = _value(args.get('value')), _value(args.get('seen'))
        if value is None:
            return None
        return CellEdit(numbers[0], numbers[1], args['field'], value, numbers[2], seen)


async def save_cell(grid: CustomerGrid, edit: CellEdit) -> None:
    """Save and tell the cell: closed on success, the message at the cell when refused, the choice on a conflict."""
    try:
        row = await update_customer_field(
            edit.customer_id, edit.field, edit.value, edit.version, current_actor(), seen=edit.seen
        )
    except ValidationFailed as error:
        grid.answer(edit.request, ok=False, message=error.errors.get(edit.field) or str(error))
    except DuplicateFound as duplicate:
        grid.answer(edit.request, ok=False, close=True)
        await _confirm_duplicate(grid, edit, duplicate)
    except Conflict as conflict:
        grid.answer(edit.request, ok=False, close=True)
        await _resolve(grid, edit, conflict)
    except NotFound:
        grid.answer(edit.request, ok=False, close=True)
        ui.notify(_('This customer was deleted in the meantime.'), type='warning')
    except ClientbookError as error:
        grid.answer(edit.request, ok=False, message=str(error))
    except Exception:  # the cell stops waiting; the page's exception handler says what happened
        grid.answer(edit.request, ok=False, message=_('Not saved'))
        raise
    else:
        grid.patch_row(row)
        grid.answer(edit.request, ok=True)


async def _resolve(grid: CustomerGrid, edit: CellEdit, conflict: Conflict) -> None:
    mine = ', '.join(edit.value) if isinstance(edit.value, list) else edit.value
    if not await use_mine(_(LABELS[edit.field]), mine, conflict):
        for row in await get_rows([edit.customer_id]):
            grid.patch_row(row)
        return
    # Overwrite exactly what the user was shown; if it changes again meanwhile, they are asked again.
    retry = replace(edit, version=conflict.current_version or 0, seen=_value(conflict.current_value), request=0)
    try:
        row = await update_customer_field(
            retry.customer_id, retry.field, retry.value, retry.version, current_actor(), seen=retry.seen
        )
    except Conflict as again:
        await _resolve(grid, retry, again)
    except ClientbookError as error:
        ui.notify(_('Not saved: {error}').format(error=error), type='negative')
    else:
        grid.patch_row(row)
        ui.notify(_('{field} saved').format(field=_(LABELS[edit.field])), type='positive')


async def _confirm_duplicate(grid: CustomerGrid, edit: CellEdit, duplicate: DuplicateFound) -> None:
    """Another customer has this value: save only when the user confirms, as at registration."""
    if not await confirm_duplicates(duplicate.matches, customer_id=edit.customer_id):
        for row in await get_rows([edit.customer_id]):
            grid.patch_row(row)
        return
    confirmed = [getattr(match, 'customer_id', 0) for match in duplicate.matches]
    try:
        row = await update_customer_field(
            edit.customer_id,
            edit.field,
            edit.value,
            edit.version,
            current_actor(),
            seen=edit.seen,
            confirmed_duplicates=confirmed,
        )
    except Conflict as conflict:
        await _resolve(grid, edit, conflict)
    except ClientbookError as error:
        ui.notify(_('Not saved: {error}').format(error=error), type='negative')
    else:
        grid.patch_row(row)
        ui.notify(_('{field} saved').format(field=_(LABELS[edit.field])), type='positive')


def _value(raw: Any) -> Value | None:
    if isinstance(raw, str) and len(raw) <= MAX_VALUE_LENGTH:
        return raw
    if isinstance(raw, list) and len(raw) <= MAX_CATEGORIES and all(isinstance(item, str) for item in raw):
        return [item[:MAX_VALUE_LENGTH] for item in raw]
    return None
