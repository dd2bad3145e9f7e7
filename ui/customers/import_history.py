"""Customers -> Import -> Past imports: file, who, when, rows created/updated/unchanged/skipped/not imported and
state; the rows not imported as a CSV (everyone), undo (admins; the service checks it again and names customers changed
since)."""

from __future__ import annotations

from nicegui import ui

from services.core.errors import ClientbookError
from services.core.i18n import _
from services.core.values.formats import format_whole
from services.customers.transfer.history import PastImport, list_imports, rejected_file
from services.customers.transfer.undo import UndoBlocked, undo_import
from ui.access.session import current_actor
from ui.common.dialogs import confirm
from ui.common.format import when
from ui.downloads import offer

REFRESH_SECONDS = 2.0


class ImportHistory:
    """The list, refreshed every few seconds while an import in it is running, and on `refresh()`."""

    def __init__(self) -> None:
        self.imports: list[PastImport] = []
        self.box = ui.column().classes('w-full gap-2').mark('import-history')
        ui.timer(REFRESH_SECONDS, self._refresh_while_running)

    async def refresh(self) -> None:
        self.imports = await list_imports(by=current_actor())
        self._show()

    async def _refresh_while_running(self) -> None:
        if any(past.status == 'running' for past in self.imports):
            await self.refresh()

    def _show(self) -> None:
        admin = current_actor().is_admin
        self.box.clear()
        with self.box:
            if not self.imports:
                ui.label(_('No imports yet.')).classes('text-grey-8')
            for past in self.imports:
                self._row(past, admin)

    def _row(self, past: PastImport, admin: bool) -> None:
        card = ui.card().classes('w-full q-pa-sm').mark(f'past-import-{past.id}')
        with card, ui.row().classes('w-full items-center'):
            with ui.column().classes('gap-0 col-grow'):
                ui.label(past.filename or past.name).classes('text-weight-medium')
                who = past.by or _('a former user')
                ui.label(_('{when} by {who}').format(when=when(past.started_at), who=who)).classes(
                    'text-caption text-grey-8'
                )
            ui.label(
                _(
                    '{created} created, {updated} updated, {unchanged} unchanged, {skipped} skipped, '
                    '{rejected} not imported'
                ).format(
                    created=format_whole(past.created),
                    updated=format_whole(past.updated),
                    unchanged=format_whole(past.unchanged),
                    skipped=format_whole(past.skipped),
                    rejected=format_whole(past.rejected),
                )
            ).mark(f'past-import-counts-{past.id}')
            state = _state_text(past)
            ui.chip(state, color=_STATE_COLOURS.get(past.status, 'grey-4')).props('square dense').mark(
                f'past-import-state-{past.id}'
            )
            if past.rejected:
                ui.button(_('Rows not imported'), icon='download', on_click=lambda p=past: self._download(p.id)).props(
                    'flat dense no-caps'
                ).mark(f'past-import-rejected-{past.id}')
            if admin and past.undoable:
                ui.button(_('Undo'), icon='undo', on_click=lambda p=past: self._undo(p)).props(
                    'flat dense no-caps color=negative'
                ).mark(f'past-import-undo-{past.id}')

    async def _download(self, batch_id: int) -> None:
        actor = current_actor()
        try:
            filename, data = await rejected_file(batch_id, by=actor)
        except ClientbookError as error:
            ui.notify(str(error), type='negative')
            return
        offer(data, filename, 'text/csv', by=actor)

    async def _undo(self, past: PastImport) -> None:
        actor = current_actor()
        if not actor.is_admin:
            ui.notify(_('Only an admin may do this'), type='negative')
            return
        lines = [
            _('The {created} customers it created are deleted and the fields it overwrote on {updated} are restored.')
            .format(created=past.created, updated=past.updated),
        ]  # fmt: skip
        if not await confirm(
            _('Undo the import of {file}?').format(file=past.filename or past.name),
            lines,
            confirm_text=_('Undo'),
            marker='confirm-undo',
        ):
            return
        if await undo_and_tell(past.id):
            await self.refresh()


_STATE_COLOURS = {
    'running': 'blue-2', 'done': 'green-2', 'cancelled': 'orange-2', 'failed': 'red-2', 'undone': 'grey-4',
}  # fmt: skip


def _state_text(past: PastImport) -> str:
    if past.status == 'running':
        return _('Running: {done} of {total} rows').format(done=format_whole(past.done), total=format_whole(past.total))
    return {
        'done': _('Done'),
        'cancelled': _('Cancelled'),
        'failed': _('Failed'),
        'undone': _('Undone on {when}').format(when=when(past.undone_at)),
    }.get(past.status, past.status)


async def undo_and_tell(batch_id: int) -> bool:
    """Undo an import as the current user and say how it went (a refusal names the customers in the way, and stays
    until closed); True when it was undone."""
    try:
        result = await undo_import(batch_id, by=current_actor())
    except UndoBlocked as blocked:
        ui.notify(str(blocked), type='warning', multi_line=True, timeout=0, close_button=_('Close'))
        return False
    except ClientbookError as error:
        ui.notify(str(error), type='negative', multi_line=True)
        return False
    ui.notify(
        _('Undone: {deleted} removed, {restored} restored').format(deleted=result.deleted, restored=result.restored),
        type='positive',
    )
    return True
