"""Two versions of Clientbook side by side: /customers opened warm in the same headless Chromium, paired, alternating.

`python -m bench.open_ab A B [C ...] [--rounds 30]`: A (the baseline) and the variants are git refs (exported with
`git archive` into a temp folder, translations compiled) or folders holding the app. Each is served by its own
bench/serve.py on its own copy of the seeded SQLite data (`CLIENTBOOK_BENCH_DATA`, 100,000 customers). Each round
opens the list once per side, the order rotating from round to round (with two sides: alternating), and per side:

- an untraced open, timed as bench/browser.py times "open the customer list, warm": until Playwright finds rows
  visible (the static first paint's or the live table's), its first contentful paint (the browser's, ms after the
  navigation started), and until the live table is there (`live`);
- a traced open (Chromium trace of the page's renderer main thread) giving the CPU time of the start-up: every
  main-thread task from the navigation's start until the live table was painted (the end of the task with the first
  Paint after the live table's rows appeared, a `performance.mark` set by a mutation observer that both sides get),
  the longest of those tasks, the time in it by
  kind (script, style, layout, paint/other) and the number of elements of the document once the table is live.

Printed per variant: medians of A and of the variant, the median of the paired differences (variant - A, same round)
and in how many rounds the variant was lower than A.
The machine's load average is printed at the start and the end (a 2-core machine: repeat when it is high).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, Page, async_playwright

from .browser_apps import CHROMIUM, CHROMIUM_ARGS, EMAIL, PASSWORD, Clientbook, clientbook_env, free_port
from .dataset import create_admin, sqlite_dataset

ROOT = Path(__file__).resolve().parent.parent
LIST = '/customers'
FCP = "performance.getEntriesByName('first-contentful-paint').map(entry => entry.startTime)[0]"
# Marks when the live table's rows are in the document.
LIVE_MARK = 'ab-live'
MARK_LIVE = f"""(() => {{
  const live = () => document.querySelector('#app .q-table__container tbody tr td:nth-child(2) a');
  const observer = new MutationObserver(() => {{
    if (live()) {{ performance.mark('{LIVE_MARK}'); observer.disconnect(); }}
  }});
  observer.observe(document, {{ childList: true, subtree: true }});
}})();"""
CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'v8']
TASKS = {'ThreadControllerImpl::RunTask', 'RunTask'}
KINDS = {
    'style': {'UpdateLayoutTree', 'RecalculateStyles', 'ParseAuthorStyleSheet', 'StyleRecalc', 'Document::updateStyle'},
    'layout': {'Layout', 'LocalFrameView::layout', 'UpdateLayerTree'},
    'paint': {'Paint', 'PrePaint', 'Layerize', 'CompositeLayers', 'UpdateLayer', 'Commit', 'RasterTask', 'PaintImage'},
    'parse': {'ParseHTML', 'HTMLDocumentParser::PumpTokenizer'},
}
FIGURES = ('visible', 'paint', 'live', 'cpu', 'longest', 'script', 'style', 'layout', 'other', 'elements')
UNITS = {'elements': ''}


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog='python -m bench.open_ab', description=__doc__)
    parser.add_argument('a', help='git ref or folder (the baseline)')
    parser.add_argument('variants', nargs='+', help='git refs or folders compared with A')
    parser.add_argument('--rounds', type=int, default=30)
    parser.add_argument('--customers', type=int, default=100_000)
    parser.add_argument('--path', default=LIST, help='the page opened (default /customers)')
    return parser.parse_args(argv)


# ------------------------------------------------------------------------------------------------------- the sides


@dataclass
class Side:
    label: str
    folder: Path
    app: Clientbook | None = None
    results: dict[str, list[float]] = field(default_factory=lambda: {name: [] for name in FIGURES})


def export(ref: str, stack: ExitStack) -> Path:
    """A folder with the app of `ref`: the folder itself, or the ref's tree with translations compiled."""
    if Path(ref).is_dir():
        return Path(ref).resolve()
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix='open-ab-')))
    archive = subprocess.run(['git', '-C', str(ROOT), 'archive', ref], check=True, capture_output=True).stdout
    subprocess.run(['tar', '-x', '-C', str(folder)], input=archive, check=True)
    for catalog in folder.glob('locales/*/LC_MESSAGES/messages.po'):
        command = [sys.executable, '-m', 'babel.messages.frontend', 'compile', '-D', 'messages']
        command += ['-i', str(catalog), '-o', str(catalog.with_suffix('.mo'))]
        subprocess.run(command, check=True, capture_output=True)
    return folder


def copy_database(source: Path, stack: ExitStack) -> Path:
    """A data folder with a copy of the seeded database (each server writes its own sessions)."""
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix='open-ab-data-')))
    with sqlite3.connect(source) as src, sqlite3.connect(folder / 'clientbook.sqlite3') as dst:
        src.backup(dst)
    return folder


@contextmanager
def serve(folder: Path, data_dir: Path, log: Path) -> Iterator[str]:
    """The app in `folder` served by its bench/serve.py on a free port; yields its base URL."""
    port = free_port()
    env = clientbook_env(f'sqlite://{data_dir / "clientbook.sqlite3"}', data_dir, port)
    with log.open('w') as out:
        process = subprocess.Popen(
            [sys.executable, str(folder / 'bench' / 'serve.py')], cwd=folder, env=env, stdout=out, stderr=out
        )
        try:
            deadline = time.monotonic() + 120
            while True:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f'server did not start: {log.read_text()[-2000:]}')
                try:
                    with urllib.request.urlopen(f'http://127.0.0.1:{port}/login', timeout=2):
                        break
                except OSError:
                    time.sleep(0.05)
            yield f'http://127.0.0.1:{port}'
        finally:
            process.terminate()
            process.wait(timeout=20)


# ------------------------------------------------------------------------------------------------------- the trace


def _events(trace: bytes) -> list[dict[str, Any]]:
    data = json.loads(trace)
    events: list[dict[str, Any]] = data['traceEvents'] if isinstance(data, dict) else data
    return events


def _complete(events: list[dict[str, Any]], pid: int, tid: int) -> list[dict[str, Any]]:
    """The thread's duration events as complete ('X') events, B/E pairs joined."""
    done: list[dict[str, Any]] = []
    open_: list[dict[str, Any]] = []
    for event in sorted((e for e in events if e.get('pid') == pid and e.get('tid') == tid), key=lambda e: e['ts']):
        phase = event.get('ph')
        if phase == 'X' and 'dur' in event:
            done.append(event)
        elif phase == 'B':
            open_.append(event)
        elif phase == 'E' and open_:
            begin = open_.pop()
            done.append({**begin, 'ph': 'X', 'dur': event['ts'] - begin['ts']})
    return done


def _kind(name: str) -> str:
    for kind, names in KINDS.items():
        if name in names:
            return kind
    return 'script'


def startup_figures(trace: bytes, url: str) -> dict[str, float]:
    """CPU ms of the renderer's main-thread tasks from the navigation until the live table's task ended."""
    events = _events(trace)
    navigations = [
        e
        for e in events
        if e.get('name') == 'navigationStart'
        and e.get('args', {}).get('data', {}).get('isLoadingMainFrame')
        and str(e['args']['data'].get('documentLoaderURL', '')).startswith(url)
    ]
    if not navigations:
        raise RuntimeError('no navigationStart for the page in the trace')
    navigation = navigations[-1]
    pid, tid, start = navigation['pid'], navigation['tid'], navigation['ts']
    marks = [e['ts'] for e in events if e.get('name') == LIVE_MARK and e.get('pid') == pid and e['ts'] >= start]
    if not marks:
        raise RuntimeError('no live mark in the trace')
    mark = min(marks)
    thread = _complete(events, pid, tid)
    names = {e['name'] for e in thread}
    task_name = 'ThreadControllerImpl::RunTask' if 'ThreadControllerImpl::RunTask' in names else 'RunTask'
    # Until the live table is on screen: the end of the task with the first Paint after the mark (the mount's task
    # when Quasar forces its style and layout there; else the next rendering update, which styles, lays out and
    # paints the new DOM).
    paints = [e['ts'] for e in thread if e['name'] == 'Paint' and e['ts'] >= mark]
    until = min(paints) if paints else mark
    tasks = [e for e in thread if e['name'] == task_name and e['ts'] + e['dur'] > start and e['ts'] <= until]
    end = max(e['ts'] + e['dur'] for e in tasks)
    cpu = [e.get('tdur', e['dur']) for e in tasks]
    # Self time (thread CPU where the trace has it) by kind of every event inside those tasks.
    inside = sorted(
        (e for e in thread if start <= e['ts'] + e['dur'] and e['ts'] <= end), key=lambda e: (e['ts'], -e['dur'])
    )
    selftime: dict[str, float] = {'script': 0.0, 'style': 0.0, 'layout': 0.0, 'other': 0.0}
    stack: list[tuple[dict[str, Any], float]] = []  # (event, CPU time of its children)

    def close() -> None:
        event, children = stack.pop()
        spent = event.get('tdur', event['dur'])
        kind = 'other' if event['name'] in TASKS else _kind(event['name'])
        selftime[kind if kind in selftime else 'other'] += max(spent - children, 0)
        if stack:
            stack[-1] = (stack[-1][0], stack[-1][1] + spent)

    for event in inside:
        while stack and stack[-1][0]['ts'] + stack[-1][0]['dur'] <= event['ts']:
            close()
        stack.append((event, 0.0))
    while stack:
        close()
    return {
        'cpu': sum(cpu) / 1000,
        'longest': max(cpu) / 1000,
        **{kind: ms / 1000 for kind, ms in selftime.items()},
    }


# ------------------------------------------------------------------------------------------------------- the round


async def settled(page: Page, app: Clientbook, url: str) -> None:
    """The list open and live (where every warm open starts from), its socket connected."""
    await page.goto(url)
    await app.ready(page)
    await page.wait_for_timeout(150)


async def one_round(side: Side, browser: Browser, page: Page, url: str) -> None:
    assert side.app is not None
    app = side.app
    await settled(page, app, url)
    started = time.perf_counter()
    await page.goto(url, wait_until='commit')
    await app.rows_visible(page)
    side.results['visible'].append((time.perf_counter() - started) * 1000)
    await app.ready(page)
    side.results['live'].append((time.perf_counter() - started) * 1000)
    await page.wait_for_function(f'{FCP} !== undefined')  # reported once the frame was presented
    side.results['paint'].append(float(await page.evaluate(FCP)))

    await page.wait_for_timeout(150)
    extra = [name for name in os.environ.get('OPEN_AB_CATEGORIES', '').split(',') if name]  # e.g. invalidations
    await browser.start_tracing(page=page, categories=CATEGORIES + extra)
    try:
        await page.goto(url, wait_until='commit')
        await app.ready(page)
        await page.wait_for_function(f"performance.getEntriesByName('{LIVE_MARK}').length > 0")
        elements = await page.evaluate("document.getElementsByTagName('*').length")
        await page.evaluate('new Promise(done => requestAnimationFrame(() => setTimeout(done, 50)))')  # painted
    finally:
        trace = await browser.stop_tracing()
    if os.environ.get('OPEN_AB_TRACES'):  # keep the traces for a closer look
        folder = Path(os.environ['OPEN_AB_TRACES'])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f'{side.label.replace("/", "-")}-{len(side.results["cpu"])}.json').write_bytes(trace)
    for name, value in startup_figures(trace, url).items():
        side.results[name].append(value)
    side.results['elements'].append(float(elements))


def report(a: Side, b: Side, rounds: int) -> None:
    print(f'\nopened warm, {rounds} paired rounds, A = {a.label}, B = {b.label}; medians')
    print(f'  {"figure":34s} {"A":>9s} {"B":>9s} {"B - A":>9s}  B lower')
    titles = {
        'visible': 'rows visible (wall)',
        'paint': 'first contentful paint',
        'live': 'live table (wall)',
        'cpu': 'start-up CPU (to live, painted)',
        'longest': 'longest task (CPU)',
        'script': '  script (self CPU)',
        'style': '  style (self CPU)',
        'layout': '  layout (self CPU)',
        'other': '  paint, parse, other (self CPU)',
        'elements': 'elements in the document',
    }
    for name in FIGURES:
        xs, ys = a.results[name], b.results[name]
        diffs = [y - x for x, y in zip(xs, ys, strict=True)]
        lower = sum(d < 0 for d in diffs)
        unit = UNITS.get(name, ' ms')
        print(
            f'  {titles[name]:34s} {statistics.median(xs):7.1f}{unit:3s} {statistics.median(ys):7.1f}{unit:3s}'
            f' {statistics.median(diffs):+7.1f}{unit:3s}  {lower}/{len(diffs)}'
        )


async def run(args: argparse.Namespace) -> None:
    load_before = os.getloadavg()
    master = await sqlite_dataset(args.customers, 30)
    create_admin(clientbook_env(f'sqlite://{master / "clientbook.sqlite3"}', master, free_port()), EMAIL, PASSWORD,
                 exists_ok=True)  # fmt: skip
    logs = Path(tempfile.gettempdir()) / 'open-ab-logs'
    logs.mkdir(exist_ok=True)
    with ExitStack() as stack:
        sides = [Side(ref, export(ref, stack)) for ref in (args.a, *args.variants)]
        for index, side in enumerate(sides):
            data = copy_database(master / 'clientbook.sqlite3', stack)
            base = stack.enter_context(serve(side.folder, data, logs / f'{index}.log'))
            side.app = Clientbook(base)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            pages: dict[int, Page] = {}
            for side in sides:
                assert side.app is not None
                await side.app.sign_in(browser)
                context = await side.app.context(browser)
                await context.add_init_script(MARK_LIVE)
                pages[id(side)] = await context.new_page()
                await settled(pages[id(side)], side.app, side.app.base + args.path)  # warm-up
            for round_ in range(args.rounds):
                shift = round_ % len(sides)
                for side in sides[shift:] + sides[:shift]:
                    assert side.app is not None
                    await one_round(side, browser, pages[id(side)], side.app.base + args.path)
            await browser.close()
    for variant in sides[1:]:
        report(sides[0], variant, args.rounds)
    before, after = load_before[0], os.getloadavg()[0]
    print(f'  load average (1 min): {before:.2f} at the start, {after:.2f} at the end')


def main(argv: list[str] | None = None) -> None:
    asyncio.run(run(arguments(argv)))


if __name__ == '__main__':
    main()
