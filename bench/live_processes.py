"""Live updates across two app processes on one PostgreSQL database (LISTEN/NOTIFY between them).

Two `python main.py` processes serve the 100,000-customer PostgreSQL dataset on two ports. 50 simulated browsers
(the `Tab` of `live_updates.py`: NiceGUI's socket.io protocol) open /customers, 25 on each process; one on process A
edits a city 40 times. Printed: how long until the tabs on process B show the new value (target p95 <= 150 ms), and
for comparison the tabs on A itself. The load generator shares the machine's two cores with both servers and
PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import secrets
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import asyncpg

from services.core.event_bridge import CHANNEL, EventBridge
from services.core.events import CustomerChanged, customer_changed

from .dataset import DATA, ROOT, create_admin, postgres_dataset, seed_environment
from .live_updates import Tab, _wait_until_serving
from .table import POSTGRES_URL


async def run(url: str, *, clients: int, edits: int, port: int) -> None:
    work = DATA / 'processes'
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    cookie = await _session(url, work)
    ports = (port, port + 1)
    servers, logs = [], []
    for number, server_port in enumerate(ports):
        log = (work / f'server-{number}.log').open('w')
        env = seed_environment(data_dir=str(work), database_url=url, host='127.0.0.1', port=str(server_port))
        servers.append(
            subprocess.Popen([sys.executable, str(ROOT / 'main.py')], cwd=work, env=env, stdout=log, stderr=log)
        )
        logs.append(log)
    bases = [f'http://127.0.0.1:{server_port}' for server_port in ports]
    tabs: list[Tab] = []
    try:
        for base, server in zip(bases, servers, strict=True):
            await _wait_until_serving(base, server, timeout=120)
        editor = Tab(bases[0], cookie)
        await editor.open()
        await asyncio.wait_for(editor.ready.wait(), 20)
        same = [Tab(bases[0], cookie) for _ in range(clients // 2 - 1)]
        other = [Tab(bases[1], cookie) for _ in range(clients - clients // 2)]
        for start in range(0, len(same + other), 10):
            await asyncio.gather(*(tab.open() for tab in (same + other)[start : start + 10]))
        tabs = [editor, *same, *other]
        await asyncio.wait_for(asyncio.gather(*(tab.ready.wait() for tab in same + other)), 120)
        await asyncio.sleep(3)

        on_b: list[float] = []
        on_a: list[float] = []
        hops: list[float] = []  # per edit: median arrival on B minus median arrival on A
        for i in range(edits):
            row = editor.rows[i % len(editor.rows)]
            city = f'Across {i} {uuid.uuid4().hex[:6]}'
            watches = [tab.watch(city) for tab in same + other]
            sent = time.perf_counter()
            await editor.edit_city(row, city, request=i + 1)
            arrivals = await asyncio.wait_for(asyncio.gather(*watches), 15)
            delays = [(arrived - sent) * 1000 for arrived in arrivals]
            on_a += delays[: len(same)]
            on_b += delays[len(same) :]
            hops.append(statistics.median(delays[len(same) :]) - statistics.median(delays[: len(same)]))
            await asyncio.sleep(0.05)
        print(f'\nLive updates across processes: 2 processes on PostgreSQL, {clients} simulated browsers on /customers')
        print(f'  ({len(same) + 1} on process A, one of them editing a city {edits} times; {len(other)} on B)')
        print(f'  time until the {len(other)} tabs on process B show it: {_figures(on_b)} (target p95 <= 150 ms)')
        print(f'  time until the {len(same)} other tabs on process A show it: {_figures(on_a)}')
        print(f'  the hop between the processes (B later than A, per edit): median {statistics.median(hops):.1f} ms')
    finally:
        for tab in tabs:
            await tab.close()
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=15)
        for log in logs:
            log.close()


def _figures(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[round(len(ordered) * 0.95) - 1]
    return f'p50 {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, max {ordered[-1]:.1f} ms'


async def _session(url: str, work: Path) -> str:
    """An admin account (created the documented way) and a session for it, as a browser would hold after login."""
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    connection = await asyncpg.connect(urlunparse(urlparse(url)._replace(scheme='postgresql')))
    try:
        user_id = await connection.fetchval("SELECT id FROM app_user WHERE email = 'bench@team.example'")
        if user_id is None:
            env = seed_environment(data_dir=str(work), database_url=url)
            create_admin(env, 'bench@team.example', 'bench password 1234', cwd=work)
            user_id = await connection.fetchval("SELECT id FROM app_user WHERE email = 'bench@team.example'")
        await connection.execute(
            'INSERT INTO session (token_hash, user_id, created_at, last_seen_at, expires_at, client_address) '
            "VALUES ($1, $2, $3, $3, $4, '127.0.0.1')",
            hashlib.sha256(token.encode()).hexdigest(),
            user_id,
            now,
            now + timedelta(hours=2),
        )
    finally:
        await connection.close()
    return token


async def bridge_hop(url: str, *, events: int = 200) -> None:
    """The bridge alone: `publish` in this process -> notification received on another connection."""
    arrived: dict[int, float] = {}
    listener = await asyncpg.connect(urlunparse(urlparse(url)._replace(scheme='postgresql')))

    def heard(_c: object, _pid: int, _channel: str, payload: str) -> None:
        now = time.perf_counter()
        for _topic, event in json.loads(payload).get('e', []):
            arrived[event['customer_id']] = now

    await listener.add_listener(CHANNEL, heard)
    bridge = EventBridge(url)
    await bridge.start()
    sent: dict[int, float] = {}
    try:
        for number in range(1, events + 1):
            sent[number] = time.perf_counter()
            customer_changed.publish(CustomerChanged(number, f'C-{number:05d}', 'updated', ('city',)))
            await asyncio.sleep(0.02)
        await asyncio.sleep(1)
    finally:
        await bridge.stop()
        await listener.close()
    hops = [(arrived[number] - sent[number]) * 1000 for number in sent if number in arrived]
    print(f'  the bridge alone (publish -> notification on another connection, {len(hops)} of {events} events):')
    print(f'    {_figures(hops)}')


async def main_async(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog='python -m bench.live_processes', description=__doc__)
    parser.add_argument('--customers', type=int, default=100_000)
    parser.add_argument('--categories', type=int, default=30)
    parser.add_argument('--clients', type=int, default=50)
    parser.add_argument('--edits', type=int, default=40)
    parser.add_argument('--port', type=int, default=8160)
    args = parser.parse_args(argv)
    if not POSTGRES_URL:
        print('\nLive updates across processes: skipped (set CLIENTBOOK_BENCH_POSTGRES_URL or _TEST_POSTGRES_URL)')
        return
    url = await postgres_dataset(POSTGRES_URL, args.customers, args.categories)
    await run(url, clients=args.clients, edits=args.edits, port=args.port)
    await bridge_hop(url)


def main(argv: list[str] | None = None) -> None:
    asyncio.run(main_async(sys.argv[1:] if argv is None else argv))


if __name__ == '__main__':
    main()
