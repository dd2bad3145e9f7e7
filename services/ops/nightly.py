"""Automatic backups: every night at `backup_hour` (local time) into the backups folder, pruned to `backup_keep_days`.

Each app process runs this loop; the backup folder's lock and a second look under it make sure one backup is made
per night however many processes there are. A night missed while the app was down is made up at the next start
(a few minutes after it, so a start stays quick).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

from services.core.settings import AppSettings
from services.ops.backup import BackupBusy, list_backups, make_backup, prune
from services.ops.snapshot import BackupFailed

log = logging.getLogger(__name__)
FIRST_CHECK_AFTER = 300.0
CHECK_EVERY = 600.0
Now = Callable[[], datetime]


def last_slot(now: datetime, hour: int) -> datetime:
    """The most recent time (local, aware) the nightly backup was due at or before `now`."""
    local = now.astimezone()
    slot = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    return slot if slot <= local else slot - timedelta(days=1)


async def run_if_due(settings: AppSettings, *, now: Now = lambda: datetime.now().astimezone()) -> bool:
    """Make tonight's backup unless there is one since the last slot. Returns whether one was made."""
    slot = last_slot(now(), settings.backup_hour)
    newest = next(iter(list_backups(settings.backups_dir)), None)
    if newest is not None and newest.created_at >= slot:
        return False
    try:
        made = await make_backup(settings, trigger='nightly', unless_since=slot)
    except BackupBusy:
        return False  # another process is making it
    except BackupFailed as error:
        log.error('nightly backup failed: %s', error)
        return False
    if made is not None:
        removed = prune(settings.backups_dir, keep_days=settings.backup_keep_days)
        if removed:
            log.info('removed %d old backup(s): %s', len(removed), ', '.join(removed))
    return made is not None


@asynccontextmanager
async def nightly_backups(
    settings: AppSettings, *, first_check_after: float = FIRST_CHECK_AFTER
) -> AsyncIterator[None]:
    """Run the nightly loop while the app runs."""

    async def loop() -> None:
        await asyncio.sleep(first_check_after)
        while True:
            try:
                await run_if_due(settings)
            except Exception:
                log.exception('nightly backup check failed')
            await asyncio.sleep(CHECK_EVERY)

    task = asyncio.create_task(loop(), name='nightly backups')
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
