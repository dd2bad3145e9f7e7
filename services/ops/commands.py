"""`main.py backup` and `main.py restore`: the shell's way to the same use cases as Settings -> Backups."""

from __future__ import annotations

import sys
from pathlib import Path

from services.core.errors import ClientbookError
from services.core.i18n import _
from services.core.pg import is_postgres, without_password
from services.core.settings import AppSettings
from services.core.values.formats import format_whole
from services.ops.archive import read_manifest
from services.ops.backup import make_backup
from services.ops.restore import restore_backup

SHOWN_TABLES = ('customer', 'note', 'attachment', 'invoice', 'payment', 'app_user', 'outbox_message')


async def backup_command(settings: AppSettings, *, to: Path | None) -> int:
    """Returns the exit code: 0 written, 1 refused or failed (the reason on stderr)."""
    try:
        made = await make_backup(settings, to=to, trigger='command')
    except ClientbookError as error:
        print(_('Backup failed: {error}').format(error=error), file=sys.stderr)
        return 1
    assert made is not None
    manifest = read_manifest(made.path)
    print(_('Backup written: {path} ({size:.1f} MB)').format(path=made.path, size=made.size / 1e6))
    print(_('  {counts}').format(counts=_counts(manifest.counts)))
    for warning in manifest.warnings:
        print(_('  warning: {warning}').format(warning=warning), file=sys.stderr)
    return 0


async def restore_command(settings: AppSettings, archive: Path, *, force: bool) -> int:
    url = settings.resolved_database_url()
    target = without_password(url) if is_postgres(url) else str(settings.sqlite_path)
    print(_('Restoring {archive} into {target} (attachments: {folder}) ...').format(
        archive=archive, target=target, folder=settings.attachments_dir
    ))  # fmt: skip
    try:
        report = await restore_backup(settings, archive, force=force)
    except ClientbookError as error:
        print(str(error), file=sys.stderr)
        return 1
    manifest = report.manifest
    print(_('Restored the backup of {created}:').format(created=manifest.created_at))
    print(_('  {counts}; {files} attachment files').format(counts=_counts(report.counts), files=report.attachments))
    if report.set_aside is not None and is_postgres(url):
        print(_('  the database was replaced; the attachment files that were there are kept in {folder}').format(
            folder=report.set_aside
        ))  # fmt: skip
    elif report.set_aside is not None:
        print(_('  the data that was there before is kept in {folder}').format(folder=report.set_aside))
    for note in report.notes:
        print(_('  does not match the manifest: {note}').format(note=note), file=sys.stderr)
    if report.notes:
        return 1
    print(_('Every file matched its SHA-256 and every table its row count. Start Clientbook as usual.'))
    return 0


def _counts(counts: dict[str, int]) -> str:
    return ', '.join(f'{table}: {format_whole(counts[table])}' for table in SHOWN_TABLES if table in counts)
