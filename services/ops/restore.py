"""Restoring a backup archive into an empty data folder (SQLite) or database (PostgreSQL).

Order: refuse a target that holds data (unless forced), unpack the archive into a scratch folder inside the data
folder while checking every file against the manifest, and only then put the database and the attachment files in
place and count the rows again. A damaged archive is refused before anything is touched.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import asyncpg

import models.migrations
from services.core.errors import ClientbookError
from services.core.i18n import _
from services.core.pg import is_postgres, libpq_url
from services.core.settings import AppSettings
from services.ops.archive import Manifest, unpack_verified

LIVE_TABLES = ('app_user', 'customer', 'invoice', 'note')  # rows here mean someone's data would be overwritten


class RestoreRefused(ClientbookError):
    """Nothing was restored; the message says why."""


@dataclass
class RestoreReport:
    manifest: Manifest
    counts: dict[str, int]
    attachments: int
    set_aside: Path | None = None
    notes: list[str] = field(default_factory=list)


async def restore_backup(settings: AppSettings, archive: Path, *, force: bool = False) -> RestoreReport:
    """Restore `archive` into the configured database and data folder.

    Raises:
        RestoreRefused: the archive does not exist or is damaged (`ArchiveDamaged` is one), it holds the other kind
            of database or a newer schema, or the target holds data and `force` is not set.
    """
    if not await asyncio.to_thread(archive.is_file):
        raise RestoreRefused(_('There is no file at {path}').format(path=archive))
    database_url = settings.resolved_database_url()
    postgres = is_postgres(database_url)
    found = await _data_in_target(settings, database_url, postgres)
    if found and not force:
        raise RestoreRefused(
            _('Not restored: {found}. Restore into an empty data folder and database, or add --force to replace them.')
            .format(found=found)
        )  # fmt: skip
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix='.restore-', dir=settings.data_dir))
    try:
        manifest = await asyncio.to_thread(unpack_verified, archive, scratch)
        _check_fits(manifest, postgres)
        set_aside = _set_aside(settings, postgres) if found else None
        if postgres:
            await _pg_restore(database_url, scratch / 'database' / 'clientbook.pgdump')
        else:
            _place_sqlite(scratch / 'database' / 'clientbook.sqlite3', settings.sqlite_path)
        attachments = _place_attachments(scratch / 'attachments', settings.attachments_dir)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    counts = await _count(database_url, list(manifest.counts)) if postgres else _count_sqlite(settings.sqlite_path)
    report = RestoreReport(manifest, counts, attachments, set_aside)
    for table, expected in sorted(manifest.counts.items()):
        if counts.get(table) != expected:
            report.notes.append(
                _('{table}: {found} rows restored, the manifest says {expected}').format(
                    table=table, found=counts.get(table), expected=expected
                )
            )
    return report


def _check_fits(manifest: Manifest, postgres: bool) -> None:
    kind = 'postgres' if postgres else 'sqlite'
    if manifest.database != kind:
        raise RestoreRefused(
            _('This backup holds a {archive} database, but Clientbook is configured for {target}.').format(
                archive=manifest.database, target=kind
            )
        )
    known = {path.stem for path in Path(models.migrations.__file__).parent.glob('[0-9]*.py')}
    if manifest.schema_version and manifest.schema_version not in known:
        raise RestoreRefused(
            _('This backup was made by a newer Clientbook (schema {version}); update Clientbook first.').format(
                version=manifest.schema_version
            )
        )


async def _data_in_target(settings: AppSettings, database_url: str, postgres: bool) -> str:
    """A description of the data the target already holds, or '' when restoring cannot overwrite anything."""
    found = []
    if postgres:
        counts = await _count(database_url, list(LIVE_TABLES))
    else:
        counts = _count_sqlite(settings.sqlite_path) if settings.sqlite_path.exists() else {}
    rows = {table: counts[table] for table in LIVE_TABLES if counts.get(table)}
    if rows:
        found.append(_('the database holds data ({rows})').format(rows=', '.join(f'{t}: {n}' for t, n in rows.items())))
    files = list(settings.attachments_dir.iterdir()) if settings.attachments_dir.exists() else []
    if files:
        found.append(_('the attachments folder holds {count} files').format(count=len(files)))
    return '; '.join(found)


def _set_aside(settings: AppSettings, postgres: bool) -> Path:
    """With --force: move the current SQLite database and attachments into `replaced-<time>/` (never deleted)."""
    folder = settings.data_dir / f'replaced-{datetime.now().strftime("%Y%m%d-%H%M%S")}'
    folder.mkdir()
    paths = [settings.attachments_dir]
    if not postgres:
        database = settings.sqlite_path
        paths += [database, database.with_name(database.name + '-wal'), database.with_name(database.name + '-shm')]
    for path in paths:
        if path.exists():
            path.rename(folder / path.name)
    return folder


def _place_sqlite(restored: Path, database: Path) -> None:
    for stale in (database.with_name(database.name + '-wal'), database.with_name(database.name + '-shm')):
        stale.unlink(missing_ok=True)
    os.replace(restored, database)


def _place_attachments(restored: Path, attachments: Path) -> int:
    attachments.mkdir(parents=True, exist_ok=True)
    count = 0
    if restored.exists():
        for file in restored.iterdir():
            os.replace(file, attachments / file.name)
            count += 1
    return count


async def _pg_restore(database_url: str, dump: Path) -> None:
    pg_restore = shutil.which('pg_restore')
    if pg_restore is None:
        raise RestoreRefused(
            _('pg_restore is not installed: install the PostgreSQL client tools of the server version and try again.')
        )
    dsn = libpq_url(database_url)
    process = await asyncio.create_subprocess_exec(
        pg_restore, '--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction',
        '--exit-on-error', f'--dbname={dsn}', str(dump),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _output, errors = await process.communicate()
    if process.returncode != 0:
        raise RestoreRefused(
            _('pg_restore failed; the database is unchanged: {message}').format(
                message=errors.decode(errors='replace').strip()
            )
        )


async def _count(database_url: str, tables: list[str]) -> dict[str, int]:
    connection = await asyncpg.connect(libpq_url(database_url))
    try:
        existing = {
            row['table_name']
            for row in await connection.fetch(
                'SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()'
            )
        }
        return {
            table: int(await connection.fetchval(f'SELECT count(*) FROM "{table}"'))  # noqa: S608
            for table in tables
            if table in existing
        }
    finally:
        await connection.close()


def _count_sqlite(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    try:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {
            table: int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])  # noqa: S608
            for table in tables
            if not table.startswith('sqlite_')
        }
    finally:
        connection.close()
