"""`GET /healthz`: is this process fit to serve? No login, and no data beyond yes/no answers and ages.

Healthy (HTTP 200) when the database answers and the outbox worker runs; a missing or old backup, or a lost event
channel (PostgreSQL), is reported but does not make the process unhealthy: a proxy should not stop sending users
to it for that.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tortoise import Tortoise

from services.ops.backup import backup_status

DATABASE_TIMEOUT = 2.0
BACKUP_WARN_HOURS = 48.0


@dataclass(frozen=True)
class Health:
    database: bool
    database_ms: float | None
    outbox_worker: bool
    events: bool | None  # None: SQLite (events stay in the process)
    backup_age_hours: float | None
    backup_error: str

    @property
    def ok(self) -> bool:
        return self.database and self.outbox_worker

    def as_json(self) -> dict[str, Any]:
        backup_ok = self.backup_age_hours is not None and self.backup_age_hours <= BACKUP_WARN_HOURS
        return {
            'status': 'ok' if self.ok else 'failing',
            'database': {'ok': self.database, 'ms': self.database_ms},
            'outbox_worker': {'ok': self.outbox_worker},
            'events': {'ok': self.events, 'mode': 'in-process' if self.events is None else 'postgres-notify'},
            'backup': {'ok': backup_ok and not self.backup_error, 'age_hours': self.backup_age_hours},
        }


async def check_health(*, backups: Path, outbox_worker: bool, events: bool | None) -> Health:
    database_ms = await database_round_trip()
    status = backup_status(backups)
    age = status.age(datetime.now(UTC))
    return Health(
        database=database_ms is not None,
        database_ms=database_ms,
        outbox_worker=outbox_worker,
        events=events,
        backup_age_hours=None if age is None else round(age.total_seconds() / 3600, 1),
        backup_error=status.last_error,
    )


async def database_round_trip() -> float | None:
    """Milliseconds for `SELECT 1` through the app's own connection pool, or None when it fails or takes > 2 s."""
    started = time.perf_counter()
    try:
        await asyncio.wait_for(Tortoise.get_connection('default').execute_query('SELECT 1'), DATABASE_TIMEOUT)
    except Exception:
        return None
    return round((time.perf_counter() - started) * 1000, 1)
