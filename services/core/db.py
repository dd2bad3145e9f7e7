"""Tortoise configuration and start-up: apply the built-in migrations, then open the ORM."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from tortoise import Tortoise
from tortoise.migrations.api.migrate import migrate

from services.core.pg import is_postgres, libpq_url
from services.core.settings import AppSettings

MIGRATION_LOCK = 7_261_530_014  # any constant: the advisory lock that lets one process at a time migrate

MODEL_MODULES = ['models']


def tortoise_config(database_url: str) -> dict[str, Any]:
    """The Tortoise config dict for one database URL (SQLite file or `postgres://...`)."""
    return {
        'connections': {'default': database_url},
        'apps': {
            'models': {
                'models': MODEL_MODULES,
                'default_connection': 'default',
                'migrations': 'models.migrations',
            },
        },
        'use_tz': True,
        'timezone': 'UTC',
    }


def config_for(settings: AppSettings) -> dict[str, Any]:
    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    return tortoise_config(settings.resolved_database_url())


async def apply_migrations(config: dict[str, Any]) -> None:
    """Bring the schema up to date (same as `tortoise migrate`); on PostgreSQL one process at a time."""
    async with _migration_lock(config['connections']['default']):
        await migrate(config=config)
        await Tortoise.close_connections()


@asynccontextmanager
async def _migration_lock(database_url: str) -> AsyncIterator[None]:
    """Several app processes may start together: the others wait, then find nothing left to migrate."""
    if not is_postgres(database_url):
        yield
        return
    connection = await asyncpg.connect(libpq_url(database_url))
    try:
        await connection.execute('SELECT pg_advisory_lock($1)', MIGRATION_LOCK)
        yield
    finally:
        await connection.close()  # ends the session, and with it the lock


@asynccontextmanager
async def open_database(
    settings: AppSettings, *, on_open: Sequence[Callable[[], Awaitable[object]]] = ()
) -> AsyncIterator[None]:
    """Migrate, then open the ORM for the whole process (app lifespan or a command); close it on exit.

    `on_open` runs in order once the ORM is open (the customers package warms its indexes there).
    """
    config = config_for(settings)
    await apply_migrations(config)
    await Tortoise.init(config=config, _enable_global_fallback=True)
    for hook in on_open:
        await hook()
    try:
        yield
    finally:
        await Tortoise.close_connections()


# For the `tortoise` command line (makemigrations, migrate, history): `tortoise -c services.core.db.TORTOISE_ORM ...`
TORTOISE_ORM = tortoise_config(AppSettings().resolved_database_url())
