"""A value another customer already has: the same warning and confirmation at registration and on every edit."""

from __future__ import annotations

from collections.abc import Sequence

from nicegui import ui

from services.core.errors import Match
from services.core.i18n import _
from services.customers.duplicates import DuplicateMatch
from ui.access.session import current_actor
from ui.customers.merge_dialog import merge_two, open_survivor


def match_line(match: Match) -> str:
    """`C-00012 Name (same email, archived)` for a `DuplicateMatch`; number and name for any other match."""
    if not isinstance(match, DuplicateMatch):
        return f'{match.number} {match.name}'
    reasons = match.reason_text + (_(', archived') if match.archived else '')
    return _('{number} {name} ({reasons})').format(number=match.number, name=match.name, reasons=reasons)


async def confirm_duplicates(
    matches: Sequence[Match], *, confirm_text: str = '', customer_id: int | None = None
) -> bool:
    """Ask whether to save although these customers have the same email, phone or tax ID; True for "save anyway".

    With `customer_id` (an edit of a registered customer), admins may instead merge it with a match; then the edit is
    not saved (False) and the survivor's profile opens.
    """
    merging = customer_id is not None and current_actor().is_admin
    with ui.dialog() as dialog, ui.card().classes('min-w-80').mark('confirm-duplicate'):
        ui.label(_('This may be a customer you already have')).classes('text-h6')
        ui.label(_('Already registered:'))
        for match in matches:
            with ui.row().classes('items-center gap-2'):
                ui.label(match_line(match)).mark('duplicate-match')
                if merging and isinstance(match, DuplicateMatch):
                    ui.button(
                        _('Merge…'), icon='merge', on_click=lambda m=match: dialog.submit(('merge', m.customer_id))
                    ).props('flat dense').mark(f'duplicate-merge-{match.number}')
        ui.label(_('Save anyway?'))
        with ui.row().classes('w-full justify-end'):
            ui.button(_('Back'), on_click=lambda: dialog.submit(False)).props('flat').mark('duplicate-back')
            ui.button(confirm_text or _('Save anyway'), color='negative', on_click=lambda: dialog.submit(True)).mark(
                'duplicate-save'
            )
    result = await dialog
    dialog.delete()
    if isinstance(result, tuple) and customer_id is not None:
        await open_survivor(await merge_two(customer_id, result[1]))
        return False
    return result is True
