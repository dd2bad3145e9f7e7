"""Nightly backups: one per night however many processes ask, a missed night made up, old ones pruned."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from services.core.settings import AppSettings
from services.ops.backup import backup_status, list_backups, make_backup, prune
from services.ops.logs import JsonFormatter
from services.ops.nightly import last_slot, run_if_due
from services.ops.snapshot import BackupFailed


@pytest.fixture
def settings(app_environment: Path) -> AppSettings:
    """SQLite in the test's data folder (already migrated); the snapshot reads it with sqlite3 directly."""
    return AppSettings()


def local(*args: int) -> datetime:
    return datetime(*args).astimezone()  # type: ignore[arg-type]


def test_the_nightly_slot_is_the_last_time_the_hour_passed() -> None:
    assert last_slot(local(2026, 3, 10, 1, 30), 2) == local(2026, 3, 9, 2)
    assert last_slot(local(2026, 3, 10, 2, 0), 2) == local(2026, 3, 10, 2)
    assert last_slot(local(2026, 3, 10, 23, 59), 2) == local(2026, 3, 10, 2)


async def test_a_missed_night_is_made_up_once_then_nothing_until_the_next_night(settings: AppSettings) -> None:
    now = datetime.now().astimezone()
    assert await run_if_due(settings, now=lambda: now)
    assert not await run_if_due(settings, now=lambda: now)
    assert len(list_backups(settings.backups_dir)) == 1
    assert await run_if_due(settings, now=lambda: now + timedelta(days=1))


async def test_several_processes_asking_at_once_make_one_backup(settings: AppSettings) -> None:
    results = await asyncio.gather(*(run_if_due(settings) for _ in range(4)))
    assert sorted(results) == [False, False, False, True]
    assert len(list_backups(settings.backups_dir)) == 1


def test_retention_keeps_the_newest_backup_of_each_of_the_last_days(tmp_path: Path) -> None:
    start = datetime(2026, 5, 1, 12).astimezone()
    for day in range(20):
        for hour in (0, 3):  # two a day: nightly and one by hand
            stamp = (start + timedelta(days=day, hours=hour)).astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')
            (tmp_path / f'clientbook-{stamp}.tar.gz').write_bytes(b'x')
    removed = prune(tmp_path, keep_days=14)
    kept = list_backups(tmp_path)
    assert len(removed) == 26 and len(kept) == 14
    assert {backup.created_at.astimezone().date() for backup in kept} == {
        (start + timedelta(days=day)).date() for day in range(6, 20)
    }
    assert all(backup.created_at.astimezone().hour == 15 for backup in kept)  # the later one of each day


async def test_a_failed_backup_is_reported_until_a_good_one_follows(settings: AppSettings) -> None:
    settings.sqlite_path.unlink()
    with pytest.raises(BackupFailed, match='There is no database'):
        await make_backup(settings)
    status = backup_status(settings.backups_dir)
    assert status.newest is None and 'There is no database' in status.last_error
    settings.sqlite_path.write_bytes(b'')  # an empty file is a valid, empty SQLite database
    await make_backup(settings)
    assert backup_status(settings.backups_dir).last_error == ''


def test_json_log_lines_carry_level_logger_message_and_traceback() -> None:
    try:
        raise ValueError('boom')
    except ValueError:
        record = logging.LogRecord('clientbook', logging.ERROR, __file__, 1, 'failed: %s', ('x',), sys.exc_info())
    line = json.loads(JsonFormatter().format(record))
    assert (line['level'], line['logger'], line['message']) == ('ERROR', 'clientbook', 'failed: x')
    assert 'ValueError: boom' in line['exception'] and line['time'].endswith('+00:00')
