"""Start-up with bad settings, as a new operator meets them: `python main.py` in a subprocess ends with one line that
names the setting, what is wrong and an example, exit code 2, within 5 seconds; the readiness line appears only once
the port is ours.

A read-only data dir is a real read-only bind mount in a private mount namespace (`unshare`): root ignores file modes.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest

ROOT = Path(__file__).resolve().parents[3]
POSTGRES_URL = os.environ.get('CLIENTBOOK_TEST_POSTGRES_URL', '')
LIMIT = 5.0  # seconds


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return int(probe.getsockname()[1])


def environment(data_dir: Path, **settings: str) -> dict[str, str]:
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(('CLIENTBOOK_', 'PYTEST_', 'NICEGUI_'))
    }
    env.update(CLIENTBOOK_DATA_DIR=str(data_dir), CLIENTBOOK_HOST='127.0.0.1', CLIENTBOOK_PORT=str(free_port()))
    env.update({f'CLIENTBOOK_{key.upper()}': value for key, value in settings.items()})
    return env


def read_only(directory: Path, argv: list[str]) -> list[str]:
    """`argv` run with `directory` mounted read-only (private mount namespace, nothing changes outside)."""
    if shutil.which('unshare') is None:
        pytest.skip('unshare is not installed')
    script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'
    return ['unshare', '--user', '--map-root-user', '--mount', 'sh', '-c', script, 'sh', str(directory), *argv]


def start(env: dict[str, str], *, wrap: Path | None = None) -> tuple[int, list[str], float]:
    argv = [sys.executable, str(ROOT / 'main.py')]
    if wrap is not None:
        argv = read_only(wrap, argv)
    began = time.monotonic()
    result = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=30)
    elapsed = time.monotonic() - began
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    if 'mount' in result.stderr and 'Clientbook' not in result.stderr:
        pytest.skip(f'read-only mounts are not permitted here: {result.stderr.strip()}')
    return result.returncode, lines, elapsed


def assert_refused(outcome: tuple[int, list[str], float], setting: str, *words: str) -> None:
    code, lines, elapsed = outcome
    assert code == 2, lines
    assert len(lines) == 1, lines
    line = lines[0]
    assert f'CLIENTBOOK_{setting}' in line and 'for example' in line, line
    assert all(word in line for word in words), line
    assert 'Traceback' not in line and 'Error' not in line, line
    assert elapsed < LIMIT, (elapsed, line)
    print(f'\n{elapsed:.1f} s, exit {code}: {line}')


@pytest.mark.parametrize(
    ('setting', 'value', 'words'),
    [
        ('PORT', 'abc', ["'abc'", 'whole number', 'CLIENTBOOK_PORT=8080']),
        ('PORT', '99999', ["'99999'", '65535']),
        ('SMTP_PORT', 'x', ["'x'", 'whole number', 'CLIENTBOOK_SMTP_PORT=587']),
        ('SECURE_COOKIES', 'maybe', ["'maybe'", 'true or false']),
        ('LOG_FORMAT', 'xml', ["'xml'", 'json']),
        ('ALLOWED_HOSTS', '["crm.lan"', ['JSON']),
        ('DATABASE_URL', 'mysql://app:secret@127.0.0.1/clientbook', ['mysql', 'not supported']),
        ('DATABASE_URL', 'postgres://app@127.0.0.1:1/clientbook', ['cannot reach', 'start PostgreSQL']),
        ('DATABASE_URL', 'postgres://app@10.255.255.1:5432/clientbook', ['cannot reach']),
    ],
)
def test_a_bad_value_is_one_line(tmp_path: Path, setting: str, value: str, words: list[str]) -> None:
    assert_refused(start(environment(tmp_path / 'data', **{setting: value})), setting, *words)


def test_a_missing_postgresql_database_is_one_line(tmp_path: Path) -> None:
    if not POSTGRES_URL:
        pytest.skip('CLIENTBOOK_TEST_POSTGRES_URL is not set')
    url = urlunparse(urlparse(POSTGRES_URL)._replace(path='/clientbook_no_such_database'))
    outcome = start(environment(tmp_path / 'data', DATABASE_URL=url))
    assert_refused(outcome, 'DATABASE_URL', "'clientbook_no_such_database' does not exist", 'createdb')


def test_a_data_dir_that_is_a_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / 'data-file'
    path.write_text('not a folder')
    assert_refused(start(environment(path)), 'DATA_DIR', 'is a file')


def test_a_data_dir_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    parent = tmp_path / 'readonly'
    parent.mkdir()
    outcome = start(environment(parent / 'data'), wrap=parent)
    assert_refused(outcome, 'DATA_DIR', 'cannot be written', 'read-only')


def test_a_data_dir_read_only_after_the_first_run_is_one_line(tmp_path: Path, sqlite_template: Path) -> None:
    data = tmp_path / 'used-data'
    data.mkdir()
    shutil.copy(sqlite_template, data / 'clientbook.sqlite3')  # what a first run leaves
    outcome = start(environment(data), wrap=data)
    assert_refused(outcome, 'DATA_DIR', 'cannot be written', 'read-only')


def test_a_port_taken_is_one_line_and_no_readiness(tmp_path: Path) -> None:
    with socket.socket() as other:
        other.bind(('127.0.0.1', 0))
        other.listen()
        port = other.getsockname()[1]
        outcome = start(environment(tmp_path / 'data', PORT=str(port)))
    assert_refused(outcome, 'PORT', f'{port} is already used')
    assert not any('ready on' in line for line in outcome[1])


def test_the_readiness_line_comes_once_the_port_is_ours(tmp_path: Path) -> None:
    env = environment(tmp_path / 'data')
    port = int(env['CLIENTBOOK_PORT'])
    process = subprocess.Popen(
        [sys.executable, str(ROOT / 'main.py')], env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        seen = []
        for line in process.stdout:
            seen.append(line)
            if 'ready on' in line:
                break
        assert seen and f'Clientbook ready on http://127.0.0.1:{port}' in seen[-1], seen
        with socket.create_connection(('127.0.0.1', port), timeout=2):
            pass  # the port answers the moment the line is out
    finally:
        process.terminate()
        process.wait(timeout=20)
