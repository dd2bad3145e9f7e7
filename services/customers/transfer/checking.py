"""Checking the rows of an import off the event loop, in worker processes, and only once per preview.

Why: `check_draft` (phone numbers, email/IDNA, tax IDs) costs about half a millisecond per row; 100,000 rows on the
event loop would freeze every connected browser for a minute. Chunks of `CHUNK` rows go to a pool of `WORKERS`
processes (`spawn`: forking a process that runs an event loop and threads is unsafe; each worker dies with the app,
see `services.pdf.renderer.end_with_parent`). Small tables (<= `IN_PROCESS` rows) are checked in this process:
a worker's first start costs more than they do.

The verdicts of a preview are kept (`Checked`) and reused by the run for every row whose cells, fixes and skip the
user has not changed since; the rest is checked again. What depends on the database at run time (matching, the
required fields and custom fields) is not taken from the preview: a change of settings or fields checks every row.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from services.core.i18n import current_language, language
from services.customers.custom_fields import FieldDefinition
from services.customers.transfer.rows import RowVerdict, check_row
from services.customers.transfer.table import Table
from services.pdf.renderer import end_with_parent

CHUNK = 500
IN_PROCESS = 64
WORKERS = max(1, min(2, os.cpu_count() or 1))
IN_FLIGHT = 2 * WORKERS  # chunks handed to the pool at once (the rest wait here, not in the pool's queue)
_pool: ProcessPoolExecutor | None = None


@dataclass(frozen=True)
class Rules:
    """What a row's verdict depends on besides its cells: checked rows are reused only under the same rules."""

    mapping: tuple[str, ...]
    default_country: str
    required: frozenset[str]
    definitions: tuple[FieldDefinition, ...]
    language: str


@dataclass
class Checked:
    """The verdicts of one check of a table (before matching), with the inputs they came from."""

    table: Table
    rules: Rules
    verdicts: list[RowVerdict]
    fixes: dict[tuple[int, int], str] = field(default_factory=dict)
    skipped: frozenset[int] = frozenset()


@dataclass(frozen=True)
class _Task:
    rows: list[tuple[int, list[str], dict[int, str]]]  # row index, cells with fixes, problems found while reading
    rules: Rules


def check_chunk(task: _Task) -> list[RowVerdict]:
    """In a worker process (or here): the verdicts on a chunk of rows."""
    rules = task.rules
    with language(rules.language):
        return [
            check_row(index, cells, problems, rules.mapping, rules.default_country, rules.required, rules.definitions)
            for index, cells, problems in task.rows
        ]


def _ensure_pool() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(
            WORKERS, mp_context=multiprocessing.get_context('spawn'), initializer=end_with_parent,
            initargs=(os.getpid(),),
        )  # fmt: skip
    return _pool


def close_pool() -> None:
    """Stop the worker processes (they start again when needed)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None


def rules_for(
    mapping: Sequence[str], default_country: str, required: frozenset[str], definitions: Sequence[FieldDefinition]
) -> Rules:
    return Rules(tuple(mapping), default_country, required, tuple(definitions), current_language())


async def check_table(
    table: Table,
    rules: Rules,
    fixes: dict[tuple[int, int], str],
    skipped: set[int] | frozenset[int],
    earlier: Checked | None = None,
) -> Checked:
    """Every row's verdict `new`, `invalid` or `skipped`; rows `earlier` checked under the same rules, with the same
    fixes and skip, are taken from it (their verdicts are shared: copy before changing them)."""
    fixes, skipped = dict(fixes), frozenset(skipped)
    fixes_by_row: dict[int, dict[int, str]] = {}
    for (row, column), value in fixes.items():
        fixes_by_row.setdefault(row, {})[column] = value
    reusable = earlier is not None and earlier.table is table and earlier.rules == rules
    changed: set[int] = set()
    if earlier is not None and reusable:
        changed = {key[0] for key, _ in set(fixes.items()) ^ set(earlier.fixes.items())}
        changed |= skipped ^ earlier.skipped
    blocking: dict[int, dict[int, str]] = {}
    for (row, column), problem in table.cell_problems.items():
        if problem.blocking and column not in fixes_by_row.get(row, {}):
            blocking.setdefault(row, {})[column] = problem.message
    verdicts: list[RowVerdict | None] = [None] * len(table.rows)
    todo: list[int] = []
    for index in range(len(table.rows)):
        if index in skipped:
            verdicts[index] = RowVerdict(index, 'skipped')
        elif earlier is not None and reusable and index not in changed:
            verdicts[index] = earlier.verdicts[index]
        else:
            todo.append(index)

    def task_row(index: int) -> tuple[int, list[str], dict[int, str]]:
        cells = table.rows[index]  # a new list: the fixes go into it
        for column, value in fixes_by_row.get(index, {}).items():
            if column < len(cells):
                cells[column] = value
        problems = {-1: table.row_problems[index]} if index in table.row_problems else {}
        return index, cells, problems | blocking.get(index, {})

    for verdict in await _check_rows(todo, task_row, rules):
        verdicts[verdict.index] = verdict
    done = [verdict for verdict in verdicts if verdict is not None]
    assert len(done) == len(table.rows)
    return Checked(table, rules, done, fixes, skipped)


async def _check_rows(
    todo: list[int], task_row: Callable[[int], tuple[int, list[str], dict[int, str]]], rules: Rules
) -> list[RowVerdict]:
    """The verdicts on the rows `todo` (indexes; `task_row` makes what a worker gets of one): a chunk's cells are made
    only when it is handed to a worker, so at most `IN_FLIGHT` chunks of them exist at once (not a second table)."""
    if len(todo) <= IN_PROCESS:
        return check_chunk(_Task([task_row(index) for index in todo], rules))
    loop = asyncio.get_running_loop()
    pool = _ensure_pool()
    limit = asyncio.Semaphore(IN_FLIGHT)

    async def one(chunk: list[int]) -> list[RowVerdict]:
        async with limit:
            task = _Task([task_row(index) for index in chunk], rules)
            return await loop.run_in_executor(pool, check_chunk, task)

    chunks = [todo[start : start + CHUNK] for start in range(0, len(todo), CHUNK)]
    results = await asyncio.gather(*(one(chunk) for chunk in chunks))
    return [verdict for result in results for verdict in result]
