"""Several real app processes (`python main.py`) on one throw-away PostgreSQL database and one data folder."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import urlparse, urlunparse

import asyncpg
import pytest

from tests.conftest import run_in_thread
from tests.e2e.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, ROOT, _wait_until_serving, free_port

POSTGRES_URL = os.environ.get('CLIENTBOOK_TEST_POSTGRES_URL', '')


@dataclass
class Cluster:
    """The app processes' base URLs, the database they share, and their data folder."""

    database_url: str
    data_dir: Path
    bases: list[str] = field(default_factory=list)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    async def sql(self, statement: str, *args: object) -> object:
        connection = await asyncpg.connect(asyncpg_url(self.database_url))
        try:
            return await connection.fetchval(statement, *args)
        finally:
            await connection.close()


def asyncpg_url(url: str) -> str:
    return urlunparse(urlparse(url)._replace(scheme='postgresql'))


@contextmanager
def throwaway_database() -> Iterator[str]:
    if not POSTGRES_URL:
        pytest.skip('CLIENTBOOK_TEST_POSTGRES_URL is not set: several processes need PostgreSQL')
    name = f'clientbook_e2e_{uuid.uuid4().hex[:12]}'

    async def run(statement: str) -> None:
        connection = await asyncpg.connect(asyncpg_url(POSTGRES_URL))
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    run_in_thread(run(f'CREATE DATABASE {name}'))
    try:
        yield urlunparse(urlparse(POSTGRES_URL)._replace(path=f'/{name}'))
    finally:
        run_in_thread(run(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)'))


def environment(data_dir: Path, database_url: str, port: int, **extra: str) -> dict[str, str]:
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(('CLIENTBOOK_', 'PYTEST_', 'NICEGUI_'))
    }
    env.update(
        CLIENTBOOK_DATA_DIR=str(data_dir),
        CLIENTBOOK_DATABASE_URL=database_url,
        CLIENTBOOK_HOST='127.0.0.1',
        CLIENTBOOK_PORT=str(port),
        CLIENTBOOK_ALLOWED_HOSTS='["127.0.0.1", "localhost"]',
    )
    env.update({f'CLIENTBOOK_{key.upper()}': value for key, value in extra.items()})
    return env


def command(tmp_path: Path, database_url: str, *args: str, stdin: str = '') -> None:
    subprocess.run(
        [sys.executable, str(ROOT / 'main.py'), *args],
        input=stdin,
        text=True,
        cwd=tmp_path,
        env=environment(tmp_path / 'data', database_url, free_port()),
        check=True,
        capture_output=True,
    )


@contextmanager
def cluster(
    tmp_path: Path, *, processes: int = 2, customers: int = 40, extra: list[dict[str, str]] | None = None
) -> Iterator[Cluster]:
    """`processes` app processes sharing a fresh database (with demo customers and the e2e admin)."""
    with throwaway_database() as database_url:
        if customers:
            command(tmp_path, database_url, 'seed-demo', '--customers', str(customers), '--seed', '4')
        command(tmp_path, database_url, 'create-user', '--email', ADMIN_EMAIL, '--name', 'Ada Admin', '--role',
                'admin', stdin=ADMIN_PASSWORD + '\n')  # fmt: skip
        running: list[tuple[subprocess.Popen[bytes], IO[str]]] = []
        result = Cluster(database_url, tmp_path / 'data')
        try:
            for number in range(processes):
                port = free_port()
                log_path = tmp_path / f'server-{number}.log'
                log = log_path.open('w')
                env = environment(tmp_path / 'data', database_url, port, **(extra[number] if extra else {}))
                process = subprocess.Popen(
                    [sys.executable, str(ROOT / 'main.py')], cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT
                )
                running.append((process, log))
                base = f'http://127.0.0.1:{port}'
                _wait_until_serving(base, process, log_path, timeout=60)
                result.bases.append(base)
                result.processes.append(process)
            yield result
        finally:
            for process, _log in running:
                process.terminate()
            for process, log in running:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                log.close()
