"""The app as `python main.py` serves it, plus a probe the live benchmark reads: /_bench/memory.

The probe collects garbage and returns freed memory to the OS (glibc malloc_trim) before reading RSS, so the figure
is what the open tabs hold, not what the allocator kept from building their pages. With BENCH_TRACEMALLOC=1 it also
reports the Python allocations still alive, by file.
"""

from __future__ import annotations

import asyncio
import ctypes
import gc
import os
import sys
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nicegui import Client, app, core

import main

if os.environ.get('BENCH_TRACEMALLOC'):
    tracemalloc.start()
snapshots: list[tracemalloc.Snapshot] = []


@app.get('/_bench/memory')
def memory(objects: bool = False) -> dict[str, Any]:
    """`objects=true`: also the live objects per type of the app and NiceGUI (what closed tabs may leave behind)."""
    gc.collect()
    untrimmed = _rss_kib()
    ctypes.CDLL('libc.so.6').malloc_trim(0)
    result: dict[str, Any] = {'rss_kib': _rss_kib(), 'untrimmed_rss_kib': untrimmed, 'clients': len(Client.instances)}
    if objects:
        result['objects'] = _object_counts()
    if tracemalloc.is_tracing():
        snapshot = tracemalloc.take_snapshot()
        result['traced_kib'] = sum(stat.size for stat in snapshot.statistics('filename')) // 1024
        if snapshots:  # what grew since the previous call, by file
            grown = snapshot.compare_to(snapshots[-1], 'filename')[:25]
            result['top'] = [(str(stat.traceback), stat.size_diff // 1024) for stat in grown]
        snapshots.append(snapshot)
    return result


WATCHED = ('ui', 'services', 'nicegui', 'tortoise', 'asyncio', 'socketio', 'engineio')


def _object_counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    for obj in gc.get_objects():
        kind = type(obj)
        module = getattr(kind, '__module__', '')
        if isinstance(module, str) and module.split('.')[0] in WATCHED:
            name = f'{module}.{kind.__qualname__}'
            counts[name] = counts.get(name, 0) + 1
    counts['tasks'] = len(asyncio.all_tasks(core.loop)) if core.loop else 0
    return counts


def _rss_kib() -> int:
    status = Path('/proc/self/status').read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith('VmRSS:')))


if __name__ == '__main__':
    main.main([])
