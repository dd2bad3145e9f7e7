"""Server memory after tabs were opened and closed (issue 16: back within 10 MiB of where it started).

The app (bench/serve.py) on a copy of the benchmark database; `--tabs` simulated browsers (bench/live_updates.py's
`Tab`: the page's socket.io protocol, no Chromium) open /customers, wait for their table, do what a user does (page
forward, search, sort), then close; the server deletes their clients a few seconds later. Printed: RSS after
gc + malloc_trim before, with the tabs open and after they closed, over `--cycles` rounds (a leak grows every round,
allocator retention does not), the RSS before the trim, and the live objects per type that grew (the probe's gc
census), which names what closed tabs leave behind. BENCH_TRACEMALLOC=1 adds Python allocations by file.

    .venv/bin/python -m bench.tab_memory [--customers 100000] [--tabs 50] [--cycles 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from .dataset import DATA, seed_environment, sqlite_dataset
from .live_updates import Tab, _signed_in_session, _wait_until_serving


async def probe(base: str, cookie: str, *, objects: bool = True) -> dict[str, Any]:
    async with httpx.AsyncClient(cookies={'clientbook_session': cookie}) as http:
        answer = await http.get(f'{base}/_bench/memory', params={'objects': str(objects).lower()}, timeout=60)
        result: dict[str, Any] = answer.json()
        return result


async def once_closed(base: str, cookie: str, timeout: float = 60) -> dict[str, Any]:
    """The probe once the server holds no client (it deletes one some seconds after its tab went)."""
    deadline = time.monotonic() + timeout
    while (await probe(base, cookie, objects=False))['clients'] > 0 and time.monotonic() < deadline:
        await asyncio.sleep(1)
    await asyncio.sleep(1)
    return await probe(base, cookie)


async def use(tab: Tab) -> None:
    """What a user does with the table: the next page and a sort (the grid's events), when its grid was seen."""
    if tab.grid is None:
        return
    listeners = {event['type']: event['listener_id'] for event in tab.grid['events']}
    requests = [
        {'page': 2, 'rowsPerPage': 25, 'sortBy': 'number', 'descending': True},
        {'page': 1, 'rowsPerPage': 25, 'sortBy': 'name', 'descending': False},
    ]
    for args in requests:
        message = {'id': int(tab.grid_id), 'client_id': tab.client_id, 'listener_id': listeners['page_request']}
        await tab.socket.emit('event', {**message, 'args': [json.dumps(args)]})
        await asyncio.sleep(0.2)


def grown(before: dict[str, int], after: dict[str, int], least: int = 20) -> list[tuple[str, int]]:
    changes = [(name, after.get(name, 0) - before.get(name, 0)) for name in set(before) | set(after)]
    return sorted(((name, n) for name, n in changes if abs(n) >= least), key=lambda item: -abs(item[1]))[:15]


async def run(args: argparse.Namespace) -> None:
    data_dir = await sqlite_dataset(args.customers, 30)
    work = DATA / 'tab-memory'
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    shutil.copy(data_dir / 'clientbook.sqlite3', work / 'clientbook.sqlite3')
    base = f'http://127.0.0.1:{args.port}'
    env = seed_environment(data_dir=str(work), host='127.0.0.1', port=str(args.port))
    cookie = _signed_in_session(work, env)
    with (work / 'server.log').open('w') as log:
        server = subprocess.Popen([sys.executable, str(Path(__file__).with_name('serve.py'))], cwd=work, env=env,
                                  stdout=log, stderr=log)  # fmt: skip
        try:
            await _wait_until_serving(base, server)
            await cycle(base, cookie, 1)  # the first tab builds what every later one reuses (caches, imports)
            start = await once_closed(base, cookie)
            print(f'\nServer memory, {args.tabs} simulated tabs on /customers opened, used and closed, {args.cycles}x')
            print(f'  start: {start["rss_kib"] / 1024:.1f} MiB (RSS after gc and malloc_trim)')
            previous = start
            for round_no in range(1, args.cycles + 1):
                opened = await cycle(base, cookie, args.tabs)
                after = await once_closed(base, cookie)
                print(
                    f'  round {round_no}: {opened["rss_kib"] / 1024:.1f} MiB with the tabs open, '
                    f'{after["rss_kib"] / 1024:.1f} MiB after they closed '
                    f'({(after["rss_kib"] - start["rss_kib"]) / 1024:+.1f} MiB from the start, target within 10; '
                    f'untrimmed {after["untrimmed_rss_kib"] / 1024:.1f} MiB)'
                )
                for name, n in grown(previous['objects'], after['objects']):
                    print(f'      {n:+7,}  {name}')
                if after.get('top'):
                    for where, kib in after['top'][:8]:
                        print(f'      {kib:+7,} KiB  {where}')
                previous = after
        finally:
            server.terminate()
            server.wait(timeout=10)


async def cycle(base: str, cookie: str, tabs: int) -> dict[str, Any]:
    """Open `tabs` tabs (5 at a time), use each, read the probe, close them all."""
    opened: list[Tab] = []
    try:
        for start in range(0, tabs, 5):
            batch = [Tab(base, cookie) for _ in range(min(5, tabs - start))]
            await asyncio.gather(*(tab.open() for tab in batch))
            opened += batch
            # A table whose first page came with the HTML sends no update to catch it by: give it a moment only.
            await asyncio.wait([asyncio.ensure_future(tab.ready.wait()) for tab in batch], timeout=5)
            await asyncio.gather(*(use(tab) for tab in batch))
        await asyncio.sleep(1)
        return await probe(base, cookie, objects=False)
    finally:
        for tab in opened:
            await tab.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog='python -m bench.tab_memory', description=__doc__)
    parser.add_argument('--customers', type=int, default=100_000)
    parser.add_argument('--tabs', type=int, default=50)
    parser.add_argument('--cycles', type=int, default=3)
    parser.add_argument('--port', type=int, default=8161)
    asyncio.run(run(parser.parse_args(argv)))


if __name__ == '__main__':
    main()
