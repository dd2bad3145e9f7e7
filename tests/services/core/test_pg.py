"""PostgreSQL URLs for asyncpg and the libpq tools, and telling a database outage from a bug."""

from __future__ import annotations

import asyncpg
import pytest
from tortoise.exceptions import DBConnectionError, IntegrityError

from services.core.pg import is_database_outage, is_postgres, libpq_url, without_password


def test_tortoise_parameters_are_dropped_and_libpq_ones_kept() -> None:
    url = 'postgres://cb:secret@db.lan:5433/clientbook?minsize=2&maxsize=20&sslmode=require&application_name=x'
    assert libpq_url(url) == 'postgresql://cb:secret@db.lan:5433/clientbook?sslmode=require&application_name=x'
    assert without_password(url).startswith('postgres://cb:***@db.lan:5433/clientbook')
    assert is_postgres(url) and not is_postgres('sqlite://data/clientbook.sqlite3')


@pytest.mark.parametrize(
    'error',
    [
        ConnectionRefusedError(111, 'Connection refused'),
        asyncpg.exceptions.CannotConnectNowError('the database system is starting up'),
        asyncpg.exceptions.AdminShutdownError('terminating connection due to administrator command'),
        asyncpg.exceptions.ConnectionDoesNotExistError('connection was closed in the middle of operation'),
        asyncpg.exceptions.InterfaceError('connection is closed'),
        DBConnectionError('cannot connect'),
    ],
)
def test_connection_failures_count_as_an_outage(error: Exception) -> None:
    assert is_database_outage(error)


def test_a_failure_caused_by_an_outage_counts_too_and_bugs_do_not() -> None:
    wrapped = RuntimeError('save failed')
    wrapped.__cause__ = ConnectionResetError()
    assert is_database_outage(wrapped)
    assert not is_database_outage(IntegrityError('duplicate key'))
    assert not is_database_outage(ValueError('bad input'))
