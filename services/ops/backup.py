"""Making backups: one archive per run (database snapshot + attachment files + manifest), listed and pruned.

Archives are named `clientbook-YYYYMMDDTHHMMSSZ.tar.gz` (UTC) and written completely before they get that name,
so every archive with such a name in the backups folder is a good one. One backup runs at a time per backups folder
(a file lock), whichever process or command starts it.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import json
import logging
import re
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from services.core import audit
from services.core.actors import Actor, require_admin
from services.core.i18n import _
from services.core.pg import is_postgres
from services.core.settings import AppSettings
from services.ops.archive import Manifest, Source, read_manifest, write_archive
from services.ops.snapshot import BackupFailed, Snapshot, postgres_snapshot, sqlite_snapshot

log = logging.getLogger(__name__)
NAME = re.compile(r'^clientbook-(\d{8}T\d{6}Z)\.tar\.gz$')
STAMP = '%Y%m%dT%H%M%SZ'
STATUS_FILE = 'status.json'


class BackupBusy(BackupFailed):
    """Another backup of the same folder is running."""


@dataclass(frozen=True)
class BackupFile:
    name: str
    path: Path
    created_at: datetime
    size: int


@dataclass(frozen=True)
class BackupStatus:
    """What the Backups page and the health check show."""

    newest: BackupFile | None
    last_error: str
    last_error_at: datetime | None

    def age(self, now: datetime | None = None) -> timedelta | None:
        return None if self.newest is None else (now or datetime.now(UTC)) - self.newest.created_at


async def make_backup(
    settings: AppSettings, *, to: Path | None = None, trigger: str = 'command', unless_since: datetime | None = None
) -> BackupFile | None:
    """Write one archive into `to` (default: the backups folder). Raises `BackupFailed` / `BackupBusy`.

    With `unless_since`, nothing is done (None) when the folder already has a backup made at or after that time:
    the nightly run of another process came first.
    """
    folder = to or settings.backups_dir
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    with _exclusive(folder):
        newest = next(iter(list_backups(folder)), None)
        if unless_since is not None and newest is not None and newest.created_at >= unless_since:
            return None
        try:
            return await _make(settings, folder, trigger)
        except BackupFailed as error:
            _write_status(folder, str(error))
            raise
        except OSError as error:
            _write_status(folder, str(error))
            raise BackupFailed(_('The backup could not be written: {error}').format(error=error)) from error


async def run_backup_now(settings: AppSettings, *, by: Actor) -> BackupFile:
    """Settings -> Backups -> Back up now (admins)."""
    require_admin(by)
    made = await make_backup(settings, trigger='manual')
    assert made is not None
    await audit.record('backup.run', by=by, entity='backup', detail=made.name)
    prune(settings.backups_dir, keep_days=settings.backup_keep_days)
    return made


async def backup_for_download(settings: AppSettings, name: str, *, by: Actor) -> BackupFile:
    """An archive of the backups folder, for an admin to download (recorded in the audit log)."""
    require_admin(by)
    found = next((item for item in list_backups(settings.backups_dir) if item.name == name), None)
    if found is None:
        raise BackupFailed(_('No such backup'))
    await audit.record('backup.download', by=by, entity='backup', detail=name)
    return found


def list_backups(folder: Path) -> list[BackupFile]:
    """The complete archives in `folder`, newest first."""
    found = []
    with contextlib.suppress(FileNotFoundError):
        for path in folder.iterdir():
            match = NAME.match(path.name)
            if match and path.is_file():
                created = datetime.strptime(match.group(1), STAMP).replace(tzinfo=UTC)
                found.append(BackupFile(path.name, path, created, path.stat().st_size))
    return sorted(found, key=lambda item: item.created_at, reverse=True)


def backup_status(folder: Path) -> BackupStatus:
    backups = list_backups(folder)
    error, at = '', None
    with contextlib.suppress(OSError, ValueError, KeyError):
        status = json.loads((folder / STATUS_FILE).read_text())
        at = datetime.fromisoformat(status['at'])
        if status.get('error') and (not backups or backups[0].created_at < at):
            error = str(status['error'])
    return BackupStatus(backups[0] if backups else None, error, at if error else None)


def manifest_of(backup: BackupFile) -> Manifest | None:
    """The manifest of a listed archive, or None when it cannot be read."""
    try:
        return read_manifest(backup.path)
    except Exception:
        return None


def prune(folder: Path, *, keep_days: int) -> list[str]:
    """Keep the newest archive of each of the `keep_days` most recent days that have one; delete the others."""
    kept_days: set[str] = set()
    removed = []
    for backup in list_backups(folder):
        day = backup.created_at.astimezone().date().isoformat()
        if day in kept_days or len(kept_days) >= keep_days:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.name)
        else:
            kept_days.add(day)
    return removed


async def _make(settings: AppSettings, folder: Path, trigger: str) -> BackupFile:
    started = time.monotonic()
    created = datetime.now(UTC).replace(microsecond=0)
    name = f'clientbook-{created.strftime(STAMP)}.tar.gz'
    while (folder / name).exists():  # two in the same second
        created += timedelta(seconds=1)
        name = f'clientbook-{created.strftime(STAMP)}.tar.gz'
    database_url = settings.resolved_database_url()
    with tempfile.TemporaryDirectory(prefix='.backup-', dir=folder) as scratch:
        if is_postgres(database_url):
            snapshot = await postgres_snapshot(database_url, Path(scratch) / 'clientbook.pgdump')
            kind = 'postgres'
        else:
            target = Path(scratch) / 'clientbook.sqlite3'
            snapshot = await asyncio.to_thread(sqlite_snapshot, settings.sqlite_path, target)
            kind = 'sqlite'
        sources, warnings = _sources(snapshot, settings.attachments_dir)
        manifest = Manifest(
            created_at=created.isoformat(),
            trigger=trigger,
            database=kind,
            schema_version=snapshot.schema_version,
            counts=snapshot.counts,
            files=[],
            warnings=warnings,
            snapshot_seconds=round(time.monotonic() - started, 2),
        )
        await asyncio.to_thread(write_archive, folder / name, manifest, sources)
    for warning in warnings:
        log.warning('backup %s: %s', name, warning)
    _write_status(folder, '')
    path = folder / name
    log.info('backup written: %s (%d bytes, %.1f s)', path, path.stat().st_size, time.monotonic() - started)
    return BackupFile(name, path, created, path.stat().st_size)


def _sources(snapshot: Snapshot, attachments: Path) -> tuple[list[Source], list[str]]:
    sources = [Source(f'database/{snapshot.file.name}', snapshot.file)]
    warnings = []
    for stored in snapshot.attachments:
        file = attachments / stored.stored_name
        if stored.stored_name.isalnum() and file.is_file():
            sources.append(Source(f'attachments/{stored.stored_name}', file))
        else:
            warnings.append(_('Attachment file {name} is missing from the data folder').format(name=stored.stored_name))
    return sources, warnings


def _write_status(folder: Path, error: str) -> None:
    with contextlib.suppress(OSError):
        status = {'at': datetime.now(UTC).isoformat(), 'error': error}
        (folder / STATUS_FILE).write_text(json.dumps(status))


@contextlib.contextmanager
def _exclusive(folder: Path) -> Iterator[None]:
    with (folder / '.lock').open('a') as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise BackupBusy(_('A backup is already running; try again when it has finished')) from error
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
