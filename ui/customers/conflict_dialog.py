"""Someone changed a field while this user edited it: show both values and let the user choose."""

from __future__ import annotations

from datetime import UTC, datetime

from nicegui import ui

from services.core.errors import Conflict
from services.core.i18n import _, ngettext


async def use_mine(field_label: str, mine: str, conflict: Conflict) -> bool:
    """Ask which value to keep; True for "Use mine". Closing the dialog keeps theirs (nothing is overwritten)."""
    with ui.dialog() as dialog, ui.card().classes('min-w-96').mark('conflict'):
        ui.label(_('{field_label} was changed while you were editing').format(field_label=field_label)).classes(
            'text-h6'
        )
        when = time_ago(conflict.changed_at) if conflict.changed_at else ''
        ui.label(
            _('Changed by {changed_by} {when}: {value}').format(
                changed_by=conflict.changed_by, when=when, value=conflict.current_display or '(empty)'
            )
        ).mark('conflict-theirs')
        ui.label(_('Your value: {value}').format(value=mine or '(empty)')).classes('text-weight-medium').mark(
            'conflict-mine'
        )
        with ui.row().classes('w-full justify-end'):
            ui.button(_('Keep theirs'), on_click=lambda: dialog.submit(False)).props('flat').mark('keep-theirs')
            ui.button(_('Use mine'), on_click=lambda: dialog.submit(True)).mark('use-mine')
    result = await dialog
    dialog.delete()
    return result is True


def time_ago(moment: datetime, now: datetime | None = None) -> str:
    seconds = int(((now or datetime.now(UTC)) - moment).total_seconds())
    if seconds >= 86_400:
        count = seconds // 86_400
        return ngettext('{count} day ago', '{count} days ago', count).format(count=count)
    if seconds >= 3_600:
        count = seconds // 3_600
        return ngettext('{count} hour ago', '{count} hours ago', count).format(count=count)
    if seconds >= 60:
        count = seconds // 60
        return ngettext('{count} minute ago', '{count} minutes ago', count).format(count=count)
    return _('just now')
