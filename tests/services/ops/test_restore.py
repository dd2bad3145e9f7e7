"""Restoring never overwrites data unless asked; without pg_dump a PostgreSQL backup says what to install."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from tortoise import Tortoise

from services.core.actors import SYSTEM
from services.core.db import tortoise_config
from services.core.settings import AppSettings
from services.customers.registration import create_customer
from services.ops.backup import make_backup
from tests.factories import korean_draft, spanish_draft

ROOT = Path(__file__).resolve().parents[3]


def main_py(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / 'main.py'), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def test_a_restore_over_existing_data_is_refused_unless_forced_and_then_keeps_the_old_data(
    app_environment: Path,
) -> None:
    settings = AppSettings()
    await Tortoise.init(config=tortoise_config(settings.resolved_database_url()), _enable_global_fallback=True)
    try:
        await create_customer(by=SYSTEM, draft=korean_draft())
        made = await make_backup(settings)
        await create_customer(by=SYSTEM, draft=spanish_draft())
    finally:
        await Tortoise.close_connections()
    assert made is not None
    (settings.attachments_dir).mkdir()
    (settings.attachments_dir / 'abc123').write_bytes(b'%PDF- kept')
    env = {'PATH': os.environ['PATH'], 'CLIENTBOOK_DATA_DIR': str(app_environment)}

    refused = main_py('restore', str(made.path), env=env)
    assert refused.returncode == 1
    assert 'Not restored: the database holds data (customer: 2); the attachments folder holds 1 files' in refused.stderr
    assert 'add --force to replace them' in refused.stderr

    forced = main_py('restore', '--force', str(made.path), env=env)
    assert forced.returncode == 0, forced.stderr
    [aside] = app_environment.glob('replaced-*')
    assert (aside / 'attachments' / 'abc123').read_bytes() == b'%PDF- kept'
    with sqlite3.connect(settings.sqlite_path) as db:
        assert [row[0] for row in db.execute('SELECT name FROM customer')] == ['김민준']
    with sqlite3.connect(aside / 'clientbook.sqlite3') as db:
        assert [row[0] for row in db.execute('SELECT name FROM customer ORDER BY id')] == [
            '김민준',
            'Talleres Peña S.L.',
        ]


def test_a_postgresql_backup_without_pg_dump_says_what_to_install(postgres_database: str, tmp_path: Path) -> None:
    bin_dir = tmp_path / 'bin'  # a PATH with everything but the PostgreSQL client tools
    bin_dir.mkdir()
    for tool in ('sh', 'ls'):
        found = shutil.which(tool)
        assert found
        (bin_dir / tool).symlink_to(found)
    env = {
        'PATH': str(bin_dir),
        'CLIENTBOOK_DATA_DIR': str(tmp_path / 'data'),
        'CLIENTBOOK_DATABASE_URL': postgres_database,
    }
    result = main_py('backup', env=env)
    assert result.returncode == 1
    assert 'pg_dump is not installed' in result.stderr and 'postgresql-client-' in result.stderr
    assert not list((tmp_path / 'data' / 'backups').glob('*.tar.gz'))
