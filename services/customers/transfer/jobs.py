"""Imports running in the background of this process: progress (rows done / total, rows per second, time left),
cancel, and a way back to a running import after leaving the page (the job is kept by its batch id).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field

from models import ImportBatch
from services.core.actors import Actor
from services.customers.transfer.preview import ImportOptions, Preview
from services.customers.transfer.run import run_import
from services.customers.transfer.table import Table

log = logging.getLogger(__name__)


@dataclass
class ImportJob:
    """One running (or just finished) import. `batch_id` is set as soon as its batch exists."""

    name: str
    user_id: int | None
    total: int
    done: int = 0
    started: float = field(default_factory=time.monotonic)
    cancel_requested: bool = False
    finished: bool = False
    error: str = ''
    batch_id: int | None = None
    task: asyncio.Task[ImportBatch] | None = None

    @property
    def rows_per_second(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    @property
    def seconds_left(self) -> float | None:
        rate = self.rows_per_second
        return (self.total - self.done) / rate if rate > 0 else None


_jobs: dict[int, ImportJob] = {}
_next = 0


def start_import(
    table: Table, options: ImportOptions, *, by: Actor, name: str, filename: str = '', preview: Preview | None = None
) -> int:
    """Start an import in the background; returns the job id (see `job`). `preview`: the one the user saw (its
    checks are reused for the rows not changed since, see `run.run_import`), handed over to the run and not kept here:
    the run makes its own and the user's is freed then (100,000 rows)."""
    global _next
    _next += 1
    job_id = _next
    job = ImportJob(name=name, user_id=by.id, total=len(table.rows))
    _jobs[job_id] = job

    handed = [preview]

    def progress(done: int, total: int) -> None:
        job.done, job.total = done, total

    async def work() -> ImportBatch:
        try:
            batch = await run_import(
                table, options, by=by, name=name, filename=filename, progress=progress,
                cancelled=lambda: job.cancel_requested, preview=handed.pop(),
            )  # fmt: skip
            job.batch_id = batch.id
            return batch
        except Exception as error:
            log.exception('import %s failed', name)
            job.error = str(error)
            raise
        finally:
            job.finished = True

    job.task = asyncio.create_task(work())
    return job_id


def job(job_id: int) -> ImportJob | None:
    return _jobs.get(job_id)


def jobs_of(user_id: int | None) -> dict[int, ImportJob]:
    """The jobs started by a user in this process (to come back to after leaving the page)."""
    return {job_id: job for job_id, job in _jobs.items() if job.user_id == user_id}


def cancel(job_id: int) -> None:
    """Stop after the chunk being written: every finished chunk stays (and can be undone)."""
    if job_id in _jobs:
        _jobs[job_id].cancel_requested = True
