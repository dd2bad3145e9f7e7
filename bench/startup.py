"""Server start-up: from the process start until the sign-in page answers, Clientbook beside the Django admin peer.

`python -m bench.startup` (`--runs 5`, `--customers 100000`, `--empty` for a new data folder per start, `--no-peer`).
Clientbook is `python main.py` on the seeded SQLite data set (bench/dataset.py) and is timed until GET /login
answers; the peer is `/work/shared/peers/django_admin/peer.sh serve PORT` on its own SQLite data set, timed until
GET /admin/login/ answers (the same `serve()` as bench/browser.py). The two start one after the other, alternating
which goes first, each run a cold process; printed: every figure, the medians and their ratio, then where
`import ui.app` spends its time (self time per top-level package, median of 3 `-X importtime` runs).

Bytecode: both apps run with their compiled modules cached in BENCH_DATA/pycache (PYTHONPYCACHEPREFIX; one untimed
start of each fills it), as an installed app has them. With PYTHONDONTWRITEBYTECODE=1 and no cache, every start
compiles our ~240 modules from source again (~150 ms here); `--as-is` keeps the environment unchanged to see that.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from .browser_apps import BENCH_DATA, PEER, ROOT, clientbook_env, free_port, peer_database, serve
from .dataset import sqlite_dataset

IMPORT_RUNS = 3
TOP_PACKAGES = 14


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog='python -m bench.startup', description=__doc__)
    parser.add_argument('--runs', type=int, default=5)
    parser.add_argument('--customers', type=int, default=100_000, help='size of the seeded SQLite data set')
    parser.add_argument('--empty', action='store_true', help='Clientbook on a new, empty data folder per start')
    parser.add_argument('--no-peer', action='store_true', help='Clientbook only')
    parser.add_argument('--as-is', action='store_true', help='no bytecode cache set up (the environment unchanged)')
    return parser.parse_args(argv)


def environment(base: dict[str, str], as_is: bool) -> dict[str, str]:
    if as_is:
        return base
    env = {key: value for key, value in base.items() if key != 'PYTHONDONTWRITEBYTECODE'}
    env['PYTHONPYCACHEPREFIX'] = str(BENCH_DATA / 'pycache')
    return env


class Starter:
    """Starts one app cold and returns its start-up time in seconds."""

    def __init__(self, args: argparse.Namespace, data_dir: Path, peer_db: Path | None) -> None:
        self.args, self.data_dir, self.peer_db = args, data_dir, peer_db
        self.logs = BENCH_DATA / 'logs'
        self.logs.mkdir(parents=True, exist_ok=True)

    def clientbook(self) -> float:
        port = free_port()
        data_dir = Path(tempfile.mkdtemp(prefix='startup-')) if self.args.empty else self.data_dir
        env = environment(
            clientbook_env(f'sqlite://{data_dir / "clientbook.sqlite3"}', data_dir, port), self.args.as_is
        )
        command = [sys.executable, str(ROOT / 'main.py')]
        with serve(command, env, f'http://127.0.0.1:{port}/login', self.logs / 'startup-clientbook.log') as seconds:
            return seconds

    def django(self) -> float:
        assert self.peer_db is not None
        port = free_port()
        env = environment({**os.environ, 'PEER_DB': str(self.peer_db)}, self.args.as_is)
        command = [str(PEER / 'peer.sh'), 'serve', str(port)]
        with serve(command, env, f'http://127.0.0.1:{port}/admin/login/', self.logs / 'startup-django.log') as seconds:
            return seconds


def import_breakdown(env: dict[str, str]) -> tuple[float, list[tuple[str, float]]]:
    """(median ms of `import ui.app`, [(top-level package, median self ms)] largest first)."""
    totals: list[float] = []
    by_package: dict[str, list[float]] = collections.defaultdict(list)
    for _ in range(IMPORT_RUNS):
        done = subprocess.run(
            [sys.executable, '-X', 'importtime', '-c', 'import ui.app'],
            cwd=ROOT, env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        selves: collections.Counter[str] = collections.Counter()
        for line in done.stderr.splitlines():
            if not line.startswith('import time:') or 'self [us]' in line:
                continue
            own, cumulative, name = line.removeprefix('import time:').split('|')
            selves[name.strip().split('.')[0]] += int(own)
            if name.strip() == 'ui.app':
                totals.append(int(cumulative) / 1000)
        for package, micros in selves.items():
            by_package[package].append(micros / 1000)
    medians = {
        package: statistics.median(values + [0.0] * (IMPORT_RUNS - len(values)))
        for package, values in by_package.items()
    }
    return statistics.median(totals), sorted(medians.items(), key=lambda item: -item[1])


def load() -> str:
    return ' '.join(Path('/proc/loadavg').read_text().split()[:3])


def run(args: argparse.Namespace) -> None:
    print(f'Server start-up until the sign-in page answers ({args.runs} cold starts each, alternating)')
    data_dir = (
        Path(tempfile.mkdtemp(prefix='startup-')) if args.empty else asyncio.run(sqlite_dataset(args.customers, 30))
    )
    peer_db = None if args.no_peer else peer_database(args.customers)
    starter = Starter(args, data_dir, peer_db)
    apps = {'Clientbook': starter.clientbook} | ({} if args.no_peer else {'Django': starter.django})
    print(f'  load before: {load()}; bytecode: {"as the environment says" if args.as_is else "cached"}', flush=True)
    for start in apps.values():
        start()  # untimed: fills the bytecode cache, warms the page cache
    figures: dict[str, list[float]] = {name: [] for name in apps}
    for index in range(args.runs):
        order = list(apps) if index % 2 == 0 else list(reversed(apps))
        for name in order:
            figures[name].append(apps[name]() * 1000)
    for name, values in figures.items():
        shown = ', '.join(f'{value:.0f}' for value in values)
        print(f'  {name:<11} median {statistics.median(values):6.0f} ms   ({shown})')
    if 'Django' in figures:
        ratio = statistics.median(figures['Clientbook']) / statistics.median(figures['Django'])
        print(f'  Clientbook / Django: {ratio:.1f}x')
    env = environment(dict(os.environ), args.as_is)
    total, packages = import_breakdown(env)
    print(f'  import ui.app: {total:.0f} ms (median of {IMPORT_RUNS}); self time by top-level package:')
    for package, ms in packages[:TOP_PACKAGES]:
        print(f'    {ms:6.1f} ms  {package}')
    print(f'  load after: {load()}')


def main(argv: list[str] | None = None) -> None:
    run(arguments(argv))


if __name__ == '__main__':
    main()
