"""Settings -> Backups (admins only): the archives, their age, a button to make one now, and downloads."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import quote

from nicegui import ui

from services.core.errors import ClientbookError
from services.core.i18n import _
from services.core.values.formats import format_whole
from services.ops.backup import BackupFile, backup_status, list_backups, manifest_of, run_backup_now
from ui.access.session import current_actor
from ui.common.format import file_size
from ui.common.pager import use_pager
from ui.ops.backup_text import age_text, moment_text, warning_text
from ui.ops.runtime import settings
from ui.settings.settings_nav import settings_nav

DOWNLOAD_PATH = '/downloads/backups/{name}'
SHOWN = 30


def columns() -> list[dict[str, Any]]:
    return [
        {'name': 'when', 'label': _('Made'), 'field': 'when', 'align': 'left'},
        {'name': 'trigger', 'label': _('How'), 'field': 'trigger', 'align': 'left'},
        {'name': 'customers', 'label': _('Customers'), 'field': 'customers', 'align': 'right'},
        {'name': 'files', 'label': _('Files'), 'field': 'files', 'align': 'right'},
        {'name': 'size', 'label': _('Size'), 'field': 'size', 'align': 'right'},
        {'name': 'download', 'label': '', 'field': 'url', 'align': 'right'},
    ]


DOWNLOAD_SLOT = r"""
<q-td :props="props">
  <q-btn flat dense no-caps icon="download" :href="props.row.url" :label="props.row.download_label" />
</q-td>
"""


async def page() -> None:
    ui.page_title(_('Backups · Clientbook'))
    settings_nav('/settings/backups')
    current = settings()
    with ui.card().classes('w-full max-w-4xl'):
        summary = ui.column().classes('gap-1').mark('backup-summary')
        ui.label(
            _(
                'Every night at {hour}:00 Clientbook writes one archive with the database, the attachment files and a '
                'manifest of their checksums into {folder}, keeping the last {days} days. Copy the archives to '
                'another machine or disk regularly.'
            ).format(hour=f'{current.backup_hour:02d}', folder=current.backups_dir, days=current.backup_keep_days)
        ).classes('text-body2 text-grey-8')
        run = ui.button(_('Back up now'), icon='backup').props('no-caps').mark('backup-now')
    table = ui.table(columns=columns(), rows=[], row_key='name').classes('w-full max-w-4xl')
    table.props('flat bordered dense').mark('backup-table')
    use_pager(table)
    table.props['no-data-label'] = _('No backup has been made yet.')
    table.add_slot('body-cell-download', DOWNLOAD_SLOT)

    def show() -> None:
        status = backup_status(current.backups_dir)
        summary.clear()
        with summary:
            if status.newest is None:
                ui.label(_('No backup has been made yet.')).classes('text-weight-medium')
            else:
                moment, age = moment_text(status.newest.created_at), age_text(status.age() or timedelta(0))
                ui.label(_('Last backup: {moment} ({age} ago)').format(moment=moment, age=age)).classes(
                    'text-weight-medium'
                ).mark('backup-age')
            warning = warning_text(status)
            if warning:
                ui.label(warning).classes('text-negative')
            if status.last_error:
                ui.label(_('The last attempt failed: {error}').format(error=status.last_error)).classes('text-negative')
        table.rows = [_row(backup) for backup in list_backups(current.backups_dir)[:SHOWN]]

    async def back_up_now() -> None:
        run.props('loading')
        try:
            made = await run_backup_now(current, by=current_actor())
        except ClientbookError as error:
            ui.notify(_('The backup failed: {error}').format(error=error), type='negative', multi_line=True)
        else:
            ui.notify(_('Backup written: {name}').format(name=made.name), type='positive')
        finally:
            run.props(remove='loading')
        show()

    run.on_click(back_up_now)
    show()


def _row(backup: BackupFile) -> dict[str, Any]:
    manifest = manifest_of(backup)
    return {
        'name': backup.name,
        'when': moment_text(backup.created_at),
        'trigger': {'nightly': _('nightly'), 'manual': _('by hand'), 'command': _('command line')}.get(
            manifest.trigger if manifest else '', _('unreadable')
        ),
        'customers': format_whole(manifest.counts.get('customer', 0)) if manifest else '',
        'files': format_whole(max(len(manifest.files) - 1, 0)) if manifest else '',
        'size': file_size(backup.size),
        'url': DOWNLOAD_PATH.format(name=quote(backup.name)),
        'download_label': _('Download'),
    }
