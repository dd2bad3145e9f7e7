"""PostgreSQL URLs for tools other than Tortoise: asyncpg's own connections and libpq's pg_dump / pg_restore."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg
from tortoise.exceptions import DBConnectionError

# libpq connection parameters that may ride along in the URL; Tortoise's own (minsize, maxsize, ...) are dropped.
LIBPQ_PARAMETERS = frozenset(
    {
        'sslmode',
        'sslcert',
        'sslkey',
        'sslrootcert',
        'sslcrl',
        'sslpassword',
        'application_name',
        'connect_timeout',
        'target_session_attrs',
        'options',
    }
)


def is_postgres(database_url: str) -> bool:
    return urlsplit(database_url).scheme in {'postgres', 'postgresql', 'asyncpg'}


def libpq_url(database_url: str) -> str:
    """`postgresql://...` with only the parameters libpq and asyncpg understand (Tortoise adds its own)."""
    parts = urlsplit(database_url)
    query = [(key, value) for key, value in parse_qsl(parts.query) if key in LIBPQ_PARAMETERS]
    return urlunsplit(parts._replace(scheme='postgresql', query=urlencode(query)))


def database_name(database_url: str) -> str:
    return urlsplit(database_url).path.lstrip('/')


def without_password(database_url: str) -> str:
    """For messages and logs."""
    parts = urlsplit(database_url)
    if parts.password is None:
        return database_url
    host = parts.hostname or ''
    netloc = f'{parts.username}:***@{host}' + (f':{parts.port}' if parts.port else '')
    return urlunsplit(parts._replace(netloc=netloc))


def is_database_outage(error: BaseException) -> bool:
    """True for errors that mean "the database server cannot be reached right now" (restart, network), not a bug."""
    outage = (
        ConnectionError,
        TimeoutError,
        DBConnectionError,
        asyncpg.PostgresConnectionError,
        asyncpg.InterfaceError,
        asyncpg.exceptions.OperatorInterventionError,  # shutting down, terminated, cannot connect now
    )
    return isinstance(error, outage) or (error.__cause__ is not None and is_database_outage(error.__cause__))
