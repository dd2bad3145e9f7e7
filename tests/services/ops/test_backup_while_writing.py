"""A backup taken while people keep registering customers restores everything committed before it began."""

from __future__ import annotations

import asyncio
import hashlib
import io
import os
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest
from pypdf import PdfWriter
from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE

from models import Attachment, Customer, Invoice, Note, NoteKind
from services.core.actors import SYSTEM
from services.core.db import tortoise_config
from services.customers.registration import create_customer
from services.notes.attachments import add_attachment
from services.notes.notes import add_note
from tests.conftest import BACKENDS, POSTGRES_URL, _asyncpg_url, _truncate_all, _with_database
from tests.factories import korean_draft, set_up_company, welcome_draft

ROOT = Path(__file__).resolve().parents[3]
RATE = 20  # registrations per second


@dataclass(frozen=True)
class Registered:
    customer_id: int
    note_id: int
    attachment_id: int
    pdf_sha256: str


@dataclass
class Target:
    env: dict[str, str]
    url: str


@pytest.fixture(params=BACKENDS)
async def live(request: pytest.FixtureRequest, app_environment: Path) -> AsyncIterator[Target]:
    """The app's database with an open ORM (as the running app has it), and the environment of its commands."""
    env = _environment(app_environment)
    if request.param == 'sqlite':
        url = f'sqlite://{app_environment / "clientbook.sqlite3"}'
    else:
        url = request.getfixturevalue('postgres_database')
        env['CLIENTBOOK_DATABASE_URL'] = url
    EXECUTOR_CACHE.clear()
    await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)
    if request.param == 'postgres':
        await _truncate_all()
    try:
        yield Target(env, url)
    finally:
        await Tortoise.close_connections()


async def test_backup_during_registrations_restores_everything_committed_before_it(
    live: Target, tmp_path: Path
) -> None:
    await set_up_company()
    done: list[Registered] = []
    stop = asyncio.Event()
    writer = asyncio.create_task(_register_until(stop, done))
    await asyncio.sleep(1.5)
    committed = list(done)
    started = time.monotonic()
    backups = tmp_path / 'backups'
    backup = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / 'main.py'), 'backup', '--to', str(backups), env=live.env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await backup.communicate()
    backup_seconds = time.monotonic() - started
    await asyncio.sleep(0.5)
    stop.set()
    await writer
    assert backup.returncode == 0, output.decode()
    during = len(done) - len(committed)
    print(f'\n{len(committed)} before, {during} during the {backup_seconds:.1f} s backup (target {RATE}/s)')
    assert committed and during > 0
    [archive] = backups.glob('clientbook-*.tar.gz')

    restored_env, restored_url = await _fresh_target(live, tmp_path / 'restored')
    result = subprocess.run(
        [sys.executable, str(ROOT / 'main.py'), 'restore', str(archive)],
        env=restored_env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'Every file matched its SHA-256' in result.stdout

    await Tortoise.close_connections()
    EXECUTOR_CACHE.clear()
    await Tortoise.init(config=tortoise_config(restored_url), _enable_global_fallback=True)
    ids = [item.customer_id for item in committed]
    assert await Customer.filter(id__in=ids).count() == len(committed)
    assert await Note.filter(id__in=[item.note_id for item in committed]).count() == len(committed)
    assert await Invoice.filter(customer_id__in=ids).count() == len(committed)  # each one's welcome invoice
    attachments = {a.id: a for a in await Attachment.filter(id__in=[item.attachment_id for item in committed])}
    attachments_dir = Path(restored_env['CLIENTBOOK_DATA_DIR']) / 'attachments'
    for item in committed:
        data = (attachments_dir / attachments[item.attachment_id].stored_name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == item.pdf_sha256  # byte-identical
    if live.url.startswith('postgres'):
        await Tortoise.close_connections()
        await _drop(restored_url)


async def _register_until(stop: asyncio.Event, done: list[Registered]) -> None:
    """About `RATE` complete registrations per second: customer + welcome invoice, a note, a PDF attachment."""
    number = 0
    next_at = time.monotonic()
    while not stop.is_set():
        number += 1
        customer = await create_customer(
            by=SYSTEM,
            draft=korean_draft(email=f'customer{number}@example.kr', name=f'고객 {number}'),
            welcome=welcome_draft(),
        )
        note = await add_note(customer.id, kind=NoteKind.AGREEMENT, body=f'Contract {number}', by=SYSTEM)
        pdf = _pdf(number)
        attachment = await add_attachment(note.id, filename=f'contract-{number}.pdf', data=pdf, by=SYSTEM)
        done.append(Registered(customer.id, note.id, attachment.id, hashlib.sha256(pdf).hexdigest()))
        next_at += 1 / RATE
        await asyncio.sleep(max(0.0, next_at - time.monotonic()))


def _pdf(number: int) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({'/Title': f'Contract {number}'})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _environment(data_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(('CLIENTBOOK_', 'PYTEST_'))}
    env['CLIENTBOOK_DATA_DIR'] = str(data_dir)
    return env


async def _fresh_target(live: Target, data_dir: Path) -> tuple[dict[str, str], str]:
    """An empty data folder, and for PostgreSQL an empty database beside the live one."""
    env = _environment(data_dir)
    if not live.url.startswith('postgres'):
        return env, f'sqlite://{data_dir / "clientbook.sqlite3"}'
    name = f'clientbook_restore_{uuid.uuid4().hex[:10]}'
    connection = await asyncpg.connect(_asyncpg_url(POSTGRES_URL))
    try:
        await connection.execute(f'CREATE DATABASE {name}')
    finally:
        await connection.close()
    env['CLIENTBOOK_DATABASE_URL'] = _with_database(POSTGRES_URL, name)
    return env, env['CLIENTBOOK_DATABASE_URL']


async def _drop(url: str) -> None:
    name = url.rsplit('/', 1)[1]
    connection = await asyncpg.connect(_asyncpg_url(POSTGRES_URL))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)')
    finally:
        await connection.close()
