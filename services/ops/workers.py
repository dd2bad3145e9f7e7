"""`CLIENTBOOK_WORKERS=N`: N app processes on ports `port` .. `port + N - 1`, for a proxy with sticky sessions.

NiceGUI keeps each open page in the process that built it, so N processes are N separate servers, not one server
with N workers: the proxy must send every request of a browser to the same process (see the README). They share
the PostgreSQL database (events travel between them with LISTEN/NOTIFY) and the data folder (attachments, backups).
This supervisor migrates the database once, starts the processes, restarts one that dies, and stops them all on
SIGTERM or Ctrl+C.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from services.core.db import apply_migrations, config_for
from services.core.pg import is_database_outage, is_postgres
from services.core.settings import AppSettings

log = logging.getLogger(__name__)
STOP_TIMEOUT = 20.0
RESTART_DELAYS = (1.0, 2.0, 5.0, 10.0, 30.0)


class WorkersRefused(Exception):
    """The settings do not allow several processes; the message says what to change."""


@dataclass
class _Child:
    number: int
    port: int
    process: subprocess.Popen[bytes] | None = None
    restarts: list[float] = field(default_factory=list)
    due: float = 0.0


def worker_ports(settings: AppSettings) -> list[int]:
    return [settings.port + number for number in range(settings.workers)]


def check_workers(settings: AppSettings) -> None:
    """Several processes need PostgreSQL: SQLite in Tortoise is one connection in one process."""
    if settings.workers > 1 and not is_postgres(settings.resolved_database_url()):
        raise WorkersRefused(
            f'CLIENTBOOK_WORKERS={settings.workers} needs PostgreSQL: set CLIENTBOOK_DATABASE_URL=postgres://... '
            '(SQLite serves one process; leave CLIENTBOOK_WORKERS unset or 1)'
        )
    if worker_ports(settings)[-1] > 65535:
        raise WorkersRefused(f'CLIENTBOOK_PORT={settings.port} leaves no room for {settings.workers} ports')


def run_workers(settings: AppSettings, command: Sequence[str]) -> int:
    """Run `command` (the `serve` command line) once per port until stopped. Returns the exit code."""
    check_workers(settings)
    try:
        asyncio.run(apply_migrations(config_for(settings)))  # once, before the processes race for it
    except Exception as error:
        if not is_database_outage(error):
            raise
        raise WorkersRefused(f'cannot reach the database ({error}); start PostgreSQL first') from error
    children = [_Child(number, port) for number, port in enumerate(worker_ports(settings), start=1)]
    stopping = False

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info('starting %d app processes on ports %s', len(children), ', '.join(str(c.port) for c in children))
    while not stopping:
        now = time.monotonic()
        for child in children:
            if child.process is None and now >= child.due:
                child.process = _start(settings, child, command)
            elif child.process is not None and child.process.poll() is not None:
                delay = _restart_delay(child, now)
                log.warning(
                    'app process %d (port %d) exited with %s; restarting in %.0f s',
                    child.number, child.port, child.process.returncode, delay,
                )  # fmt: skip
                child.process, child.due = None, now + delay
        time.sleep(0.5)
    log.info('stopping %d app processes', len(children))
    running = [child.process for child in children if child.process is not None and child.process.poll() is None]
    for process in running:
        process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    for process in running:
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
    return 0


def _start(settings: AppSettings, child: _Child, command: Sequence[str]) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.update(CLIENTBOOK_PORT=str(child.port), CLIENTBOOK_WORKERS='1', CLIENTBOOK_INSTANCE=str(child.number))
    if settings.dev_mailbox_port:
        env['CLIENTBOOK_DEV_MAILBOX_PORT'] = str(settings.dev_mailbox_port + child.number - 1)
    return subprocess.Popen(list(command), env=env)  # noqa: S603 - our own command line


def _restart_delay(child: _Child, now: float) -> float:
    child.restarts = [at for at in child.restarts if now - at < 300] + [now]
    return RESTART_DELAYS[min(len(child.restarts), len(RESTART_DELAYS)) - 1]
