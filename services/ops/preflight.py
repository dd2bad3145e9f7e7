"""Start-up checks: every bad setting ends the start with one line that names the setting, says what is wrong with
its value and gives an example of a good one (`main.py` prints it and exits with code 2).

Checked before anything else is imported or opened, each within a few seconds: the settings themselves (types and
ranges), the database URL's kind, the data dir (a folder, writable, its SQLite file writable), the port (free now),
and a PostgreSQL server (reachable, the database exists, within `CONNECT_TIMEOUT` seconds).
"""

from __future__ import annotations

import asyncio
import errno
import os
import socket
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
from pydantic import ValidationError

from services.core.pg import libpq_url, without_password
from services.core.settings import AppSettings

EXIT_CODE = 2  # a usage error: the start was refused because of a setting
CONNECT_TIMEOUT = 3.0  # seconds for a PostgreSQL server to answer at start
EXAMPLES = {
    'data_dir': '/var/lib/clientbook',
    'database_url': 'postgres://clientbook:secret@db.office.lan:5432/clientbook',
    'host': '0.0.0.0',  # noqa: S104 - an example value
    'port': '8080',
    'smtp_port': '587',
    'smtp_starttls': 'true',
    'smtp_timeout': '30',
    'dev_mailbox_port': '2525',
    'secure_cookies': 'true (or false; unset: decided per request)',
    'session_idle_minutes': '60',
    'session_max_hours': '12',
    'max_attachment_mb': '20',
    'workers': '1',
    'log_format': 'text (or json)',
    'backup_keep_days': '14',
    'backup_hour': '2',
    'allowed_hosts': 'crm.office.lan, 192.168.1.20',
    'mail_lease_minutes': '10',
}
SUPPORTED_SCHEMES = {'sqlite', 'postgres', 'postgresql', 'asyncpg'}


class StartupRefused(Exception):
    """One line for the operator: the setting, the problem, an example."""


def variable(field: str) -> str:
    return f'CLIENTBOOK_{field.upper()}'


def refusal(field: str, problem: str) -> StartupRefused:
    example = EXAMPLES.get(field)
    hint = f'; for example {variable(field)}={example}' if example else ''
    return StartupRefused(f'{variable(field)}: {problem}{hint}')


def load_settings() -> AppSettings:
    """The settings from the environment and `.env`.

    Raises:
        StartupRefused: a value does not fit its setting (the first one pydantic names).
    """
    try:
        return AppSettings()
    except ValidationError as error:
        first = error.errors()[0]
        field = str(first['loc'][0]) if first['loc'] else 'setting'
        value = first.get('input')
        shown = repr(value) if isinstance(value, str) else 'the value'
        raise refusal(field, f'{shown} is not valid ({_problem(first["type"], first["msg"])})') from None


def _problem(kind: str, message: str) -> str:
    if kind.startswith('int_'):
        return 'a whole number is needed' if kind == 'int_parsing' else message.lower()
    if kind == 'bool_parsing':
        return 'true or false is needed'
    if kind in ('greater_than_equal', 'less_than_equal', 'greater_than', 'less_than'):
        return message.lower()
    message = message.removeprefix('Value error, ')
    return message[0].lower() + message[1:] if message else kind


def check_start(settings: AppSettings, *, serve: bool = True) -> None:
    """Everything the app needs before it opens anything; `serve` also checks the port.

    Raises:
        StartupRefused: with the one line to print.
    """
    url = settings.resolved_database_url()
    scheme = urlsplit(url).scheme
    if scheme not in SUPPORTED_SCHEMES:
        raise refusal('database_url', f'{scheme or "this"} databases are not supported (use PostgreSQL or SQLite)')
    check_data_dir(settings.data_dir, sqlite=None if settings.database_url else settings.sqlite_path)
    if serve:
        check_port(settings.host, settings.port)
    if scheme != 'sqlite':
        check_postgres(url)


def check_data_dir(data_dir: Path, *, sqlite: Path | None) -> None:
    """The data dir is (or can be made) a writable folder, and the SQLite file in it, if any, can be written."""
    if data_dir.exists() and not data_dir.is_dir():
        raise refusal('data_dir', f'{str(data_dir)!r} is a file, not a folder')
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        probe = data_dir / f'.write-test-{os.getpid()}'
        probe.write_bytes(b'ok')
        probe.unlink()
    except OSError as error:
        raise refusal('data_dir', f'{str(data_dir)!r} cannot be written ({_reason(error)})') from None
    if sqlite is not None and sqlite.exists():
        try:
            with open(sqlite, 'r+b'):
                pass
            connection = sqlite3.connect(sqlite, timeout=2)
            try:
                connection.execute('BEGIN IMMEDIATE')  # takes the write lock: fails on a read-only file
                connection.rollback()
            finally:
                connection.close()
        except (OSError, sqlite3.Error) as error:
            raise refusal('data_dir', f'the database {str(sqlite)!r} cannot be written ({_reason(error)})') from None


def _reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.errno is not None:
        return {
            errno.EROFS: 'the file system is read-only',
            errno.EACCES: 'permission denied',
            errno.EPERM: 'not permitted',
            errno.ENOSPC: 'the disk is full',
            errno.ENOTDIR: 'a part of the path is a file',
        }.get(error.errno, error.strerror or str(error))
    return str(error)


def check_port(host: str, port: int) -> None:
    """The port is free right now (another program on it would get our readiness line otherwise)."""
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise refusal('host', f'{host!r} is not an address of this machine ({error.strerror})') from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: TIME_WAIT is no conflict
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise refusal('port', f'{port} is already used by another program') from None
            if error.errno == errno.EADDRNOTAVAIL:
                raise refusal('host', f'{host!r} is not an address of this machine') from None
            raise refusal('port', f'{port} cannot be opened ({_reason(error)})') from None


def check_postgres(url: str) -> None:
    """The server answers within `CONNECT_TIMEOUT` seconds and the database exists."""
    shown = without_password(url)
    try:
        asyncio.run(_connect(url))
    except asyncpg.InvalidCatalogNameError:
        name = urlsplit(url).path.lstrip('/')
        raise refusal(
            'database_url', f'the database {name!r} does not exist on the server (create it: createdb {name})'
        ) from None
    except asyncpg.InvalidPasswordError:
        raise refusal('database_url', f'{shown}: the user name or password is wrong') from None
    except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
        reason = 'no answer' if isinstance(error, TimeoutError) else _reason(error)
        raise refusal('database_url', f'cannot reach {shown} ({reason}); start PostgreSQL or fix the address') from None
    except ValueError as error:  # a malformed URL (asyncpg's parser)
        raise refusal('database_url', f'{shown} is not a valid URL ({error})') from None


async def _connect(url: str) -> None:
    connection = await asyncio.wait_for(asyncpg.connect(libpq_url(url), timeout=CONNECT_TIMEOUT), CONNECT_TIMEOUT + 1)
    await connection.close()
