"""What runs beside the pages: the event bridge between processes (PostgreSQL) and the nightly backups."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from services.core.event_bridge import bridged_events
from services.core.settings import AppSettings
from services.ops.nightly import nightly_backups


class _State:
    settings: AppSettings | None = None


def configure(settings: AppSettings) -> None:
    _State.settings = settings


def settings() -> AppSettings:
    """The settings the app was started with (the Backups page and the health route need the folders)."""
    if _State.settings is None:
        raise RuntimeError('The app is not configured')
    return _State.settings


@asynccontextmanager
async def running_ops(app_settings: AppSettings) -> AsyncIterator[None]:
    async with (
        bridged_events(app_settings.resolved_database_url(), port=app_settings.port),
        nightly_backups(app_settings),
    ):
        yield
