"""Shared fixtures: a migrated database per test (SQLite always, PostgreSQL when configured) and app settings."""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

import asyncpg
import pytest
from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE

from services.core.clock import remember_company_zone
from services.core.db import apply_migrations, tortoise_config
from services.core.settings import AppSettings
from services.customers.duplicates import name_index
from services.notes import files
from services.pdf.renderer import PdfRenderer
from tests.clock import FakeClock
from tests.mail_server import MailServer


def run_in_thread(coroutine: Coroutine[Any, Any, None]) -> None:
    """Run a coroutine to completion on its own loop (session fixtures may be set up while a test loop runs)."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coroutine).result()


POSTGRES_URL = os.environ.get('CLIENTBOOK_TEST_POSTGRES_URL', '')
BACKENDS = ['sqlite', 'postgres'] if POSTGRES_URL else ['sqlite']


@pytest.fixture(autouse=True)
def app_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sqlite_template: Path) -> Path:
    """Every test gets its own data dir; `main.py` (run by the User fixture) reads it from the environment.

    The data dir starts with an empty database already migrated (start-up still runs the migrations, which then
    have nothing to do): building the schema from scratch takes a second per test.
    """
    data_dir = tmp_path / 'data'
    data_dir.mkdir()
    shutil.copy(sqlite_template, data_dir / 'clientbook.sqlite3')
    for key in list(os.environ):
        if key.startswith('CLIENTBOOK_') and key != 'CLIENTBOOK_TEST_POSTGRES_URL':
            monkeypatch.delenv(key)
    monkeypatch.setenv('CLIENTBOOK_DATA_DIR', str(data_dir))
    monkeypatch.setenv('CLIENTBOOK_ALLOWED_HOSTS', '["test", "localhost", "127.0.0.1"]')  # 'test': the User fixture
    monkeypatch.chdir(tmp_path)  # no stray .env from the developer's checkout
    files.configure(AppSettings())  # attachments of service tests go to this test's data dir
    return data_dir


@pytest.fixture(scope='session')
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file migrated once per session; each test works on a copy."""
    path = tmp_path_factory.mktemp('template') / 'clientbook.sqlite3'
    run_in_thread(apply_migrations(tortoise_config(f'sqlite://{path}')))
    return path


@pytest.fixture(scope='session')
def postgres_database() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this session, dropped afterwards."""
    if not POSTGRES_URL:
        pytest.skip('CLIENTBOOK_TEST_POSTGRES_URL is not set')
    name = f'clientbook_test_{uuid.uuid4().hex[:12]}'
    admin_url = _asyncpg_url(POSTGRES_URL)

    async def create() -> None:
        conn = await asyncpg.connect(admin_url)
        await conn.execute(f'CREATE DATABASE {name}')
        await conn.close()
        await apply_migrations(tortoise_config(_with_database(POSTGRES_URL, name)))

    async def drop() -> None:
        conn = await asyncpg.connect(admin_url)
        await conn.execute(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)')
        await conn.close()

    run_in_thread(create())
    yield _with_database(POSTGRES_URL, name)
    run_in_thread(drop())


@pytest.fixture(params=BACKENDS)
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An open ORM on an empty, migrated database. Yields the backend name."""
    if request.param == 'sqlite':
        path = tmp_path / 'service.sqlite3'
        shutil.copy(request.getfixturevalue('sqlite_template'), path)
        url = f'sqlite://{path}'
    else:
        url = request.getfixturevalue('postgres_database')
    # Tortoise caches INSERT/DELETE SQL per connection *name*; both backends are called 'default' here.
    EXECUTOR_CACHE.clear()
    await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)
    if request.param == 'postgres':
        await _truncate_all()
    name_index.reset()
    remember_company_zone('')  # a fresh database has no company zone; one test's zone must not leak into the next
    try:
        yield request.param
    finally:
        remember_company_zone('')
        await Tortoise.close_connections()


async def _truncate_all() -> None:
    tables = [model._meta.db_table for model in Tortoise.apps['models'].values()]
    # Tables without a model; the report sums (0020) are kept by row triggers, which TRUNCATE does not fire.
    tables += ['customer_category', 'report_day', 'report_invoice', 'report_payment', 'report_customer_last']
    tables += ['report_uncategorised', 'customer_count_delta']
    conn = Tortoise.get_connection('default')
    await conn.execute_script(f'TRUNCATE {", ".join(sorted(set(tables)))} RESTART IDENTITY CASCADE')


def _with_database(url: str, name: str) -> str:
    return urlunparse(urlparse(url)._replace(path=f'/{name}'))


def _asyncpg_url(url: str) -> str:
    return urlunparse(urlparse(url)._replace(scheme='postgresql'))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    """A real SMTP server on a loopback port; `mail_server.handler` scripts its answers."""
    with MailServer() as server:
        yield server


@pytest.fixture(scope='session')
def renderer() -> Iterator[PdfRenderer]:
    """The PDF worker processes, started once for the whole session."""
    pool = PdfRenderer()
    yield pool
    pool.close()
