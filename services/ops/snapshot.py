"""A consistent copy of the database while the app keeps writing: SQLite's online backup API, or `pg_dump`.

Both take one snapshot: the row counts and the list of attachment files come from that same snapshot, so the
archive holds exactly what was committed when the backup began (and possibly a little more, never less).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from services.core.errors import ClientbookError
from services.core.i18n import _
from services.core.pg import libpq_url

MIGRATIONS_TABLE = 'tortoise_migrations'


class BackupFailed(ClientbookError):
    """The backup could not be made; the message says why and what to do."""


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    sha256: str


@dataclass(frozen=True)
class Snapshot:
    file: Path
    counts: dict[str, int]
    schema_version: str
    attachments: list[StoredFile]


def sqlite_snapshot(database: Path, target: Path) -> Snapshot:
    """Copy the live SQLite database page by page in one step (a consistent read; writers keep going in WAL mode)."""
    if not database.exists():
        raise BackupFailed(_('There is no database at {path}').format(path=database))
    source = sqlite3.connect(database, timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
    try:
        tables = [row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        counts = {table: _count(copy, table) for table in sorted(tables) if not table.startswith('sqlite_')}
        rows = copy.execute('SELECT stored_name, sha256 FROM attachment').fetchall() if 'attachment' in tables else []
        newest = copy.execute(_NEWEST).fetchall() if MIGRATIONS_TABLE in tables else []
        return Snapshot(target, counts, _newest(newest), [StoredFile(*row) for row in rows])
    finally:
        copy.close()


async def postgres_snapshot(database_url: str, target: Path) -> Snapshot:
    """`pg_dump --format=custom` of an exported snapshot; counts and attachments are read in that same snapshot.

    Raises:
        BackupFailed: pg_dump is not installed, or it failed (its message is included).
    """
    pg_dump = shutil.which('pg_dump')
    dsn = libpq_url(database_url)
    connection = await asyncpg.connect(dsn)
    try:
        server = connection.get_server_version().major
        if pg_dump is None:
            raise BackupFailed(
                _(
                    'pg_dump is not installed. Install the PostgreSQL client tools of the server version '
                    '(Debian/Ubuntu: apt-get install postgresql-client-{version}) and try again.'
                ).format(version=server)
            )
        async with connection.transaction(isolation='repeatable_read', readonly=True):
            snapshot_id = await connection.fetchval('SELECT pg_export_snapshot()')
            dump = asyncio.create_task(_pg_dump(pg_dump, dsn, snapshot_id, target))
            try:
                tables = await connection.fetch(
                    'SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() '
                    "AND table_type = 'BASE TABLE' ORDER BY table_name"
                )
                counts = {}
                for row in tables:
                    name = row['table_name']
                    counts[name] = await connection.fetchval(f'SELECT count(*) FROM "{name}"')  # noqa: S608
                rows = []
                if 'attachment' in counts:
                    rows = await connection.fetch('SELECT stored_name, sha256 FROM attachment')
                newest = await connection.fetch(_NEWEST)
            finally:
                await dump  # the exported snapshot lives only as long as this transaction
    finally:
        await connection.close()
    return Snapshot(target, counts, _newest(newest), [StoredFile(row['stored_name'], row['sha256']) for row in rows])


async def _pg_dump(pg_dump: str, dsn: str, snapshot_id: str, target: Path) -> None:
    url, password = _split_password(dsn)
    env = dict(os.environ)
    if password:
        env['PGPASSWORD'] = password  # not on the command line, where `ps` would show it
    process = await asyncio.create_subprocess_exec(
        pg_dump, '--format=custom', '--compress=0', '--no-owner', '--no-privileges', f'--snapshot={snapshot_id}',
        f'--file={target}', f'--dbname={url}',
        env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _output, errors = await process.communicate()
    if process.returncode != 0:
        message = errors.decode(errors='replace').strip()
        raise BackupFailed(_('pg_dump failed: {message}').format(message=message))


def _split_password(dsn: str) -> tuple[str, str | None]:
    parts = urlsplit(dsn)
    if parts.password is None:
        return dsn, None
    netloc = (parts.username or '') + '@' + (parts.hostname or '') + (f':{parts.port}' if parts.port else '')
    return urlunsplit(parts._replace(netloc=netloc)), parts.password


_NEWEST = f'SELECT name FROM {MIGRATIONS_TABLE} ORDER BY applied_at DESC, name DESC LIMIT 1'  # noqa: S608


def _newest(rows: list[object]) -> str:
    return str(rows[0][0]) if rows else ''  # type: ignore[index]


def _count(connection: sqlite3.Connection, table: str) -> int:
    return int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])  # noqa: S608
