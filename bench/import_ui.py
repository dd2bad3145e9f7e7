"""UI responsiveness while an import of 100,000 rows runs, in real Chromium against the app as in production.

`python -m bench import_ui [ROWS]` (default 100,000; SQLite). The app runs as `python main.py` in its own process.
Tab A uploads the demo CSV on Customers -> Import, previews it and imports it, as a person would; tab B has the
New customer form open and types into "Name": one round trip = keystroke -> server validation -> the summary shows
the value, timed inside the page (`performance.now()` and a MutationObserver, as `mail_ui`). Round trips are
taken with the app idle, during the preview and during the run. Also printed: the preview and run times as the page
shows them, and the app's memory (RSS) growth from before the upload to the peak (sampled every 0.25 s).
Target (issue 13): keystroke-to-summary p95 <= 100 ms during the import.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.async_api import Page, async_playwright

from .dataset import create_admin
from .import_csv import demo_csv
from .mail_common import free_port, report
from .mail_ui import ADMIN, CHROMIUM_ARGS, MEASURE, PASSWORD, _wait

TARGET_MS = 100.0


def main(args: list[str] | None = None) -> None:
    argv = sys.argv[2:] if args is None else args
    rows = int(argv[0]) if argv else 100_000
    print(f'\nUI while importing {rows:,} demo customers (SQLite)', flush=True)
    data_csv = demo_csv(rows)
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / 'data'
        data.mkdir()
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(('CLIENTBOOK_', 'NICEGUI_'))}
        env.update(CLIENTBOOK_DATA_DIR=str(data), CLIENTBOOK_HOST='127.0.0.1', CLIENTBOOK_PORT=str(port))
        main_py = Path(__file__).resolve().parents[1] / 'main.py'
        create_admin(env, ADMIN, PASSWORD, cwd=folder)
        log = (Path(folder) / 'app.log').open('w')
        app = subprocess.Popen([sys.executable, str(main_py)], cwd=folder, env=env, stdout=log, stderr=log)
        try:
            _wait(f'http://127.0.0.1:{port}/customers/new')
            asyncio.run(_measure(f'http://127.0.0.1:{port}', data_csv, rows, app.pid))
        finally:
            app.terminate()
            app.wait(15)
            log.close()


def _rss_mb(pid: int) -> float:
    try:
        with open(f'/proc/{pid}/status') as status:
            return next(int(line.split()[1]) for line in status if line.startswith('VmRSS:')) / 1024
    except (OSError, StopIteration):
        return 0.0


async def _measure(base: str, data: bytes, rows: int, pid: int) -> None:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path='/usr/bin/chromium', args=CHROMIUM_ARGS)
        context = await browser.new_context()
        importer, typist = await context.new_page(), await context.new_page()
        for page in (importer, typist):
            page.set_default_timeout(600_000)
        await typist.goto(base + '/customers/new')
        await typist.get_by_label('Email').fill(ADMIN)
        await typist.get_by_label('Password').fill(PASSWORD)
        await typist.get_by_role('button', name='Sign in').click()
        await typist.get_by_label('Name *').wait_for()
        idle = await _round_trips(typist, 'idle', count=60)
        print(report('round trip, app idle', idle), flush=True)

        await importer.goto(base + '/customers/import')
        before = _rss_mb(pid)
        peak = [before]
        stop = asyncio.Event()

        async def sample() -> None:
            while not stop.is_set():
                peak[0] = max(peak[0], _rss_mb(pid))
                await asyncio.sleep(0.25)

        sampler = asyncio.create_task(sample())
        async with importer.expect_file_chooser() as chooser_info:
            await importer.get_by_role('button', name='Choose a CSV, TSV, Excel or vCard file').click()
        await (await chooser_info.value).set_files(files=[{'name': 'demo.csv', 'mimeType': 'text/csv', 'buffer': data}])
        await importer.get_by_text(f'{rows} rows').wait_for()

        phase = ['preview']
        during: dict[str, list[float]] = {'preview': [], 'run': []}

        async def type_along() -> None:
            index = 0
            while not stop.is_set():
                during[phase[0]].append(await _round_trip(typist, f'Busy {phase[0]} {index}'))
                index += 1
                await asyncio.sleep(0.05)

        typing = asyncio.create_task(type_along())
        started = time.perf_counter()
        await importer.get_by_role('button', name='Preview').click()
        await importer.get_by_text('New: ').first.wait_for()
        previewed = time.perf_counter() - started
        phase[0] = 'run'
        run_started = time.perf_counter()
        await importer.get_by_role('button', name='Import', exact=True).last.click()
        await importer.get_by_text('Done: ').wait_for()
        ran = time.perf_counter() - run_started
        stop.set()
        await typing
        await sampler
        summary = await importer.get_by_text('Done: ').inner_text()
        print(f'  preview shown {previewed:.1f} s after the click; import done {ran:.1f} s after "Import" '
              f'(total {previewed + ran:.1f} s, {rows / (previewed + ran):,.0f} rows/s): {summary}')  # fmt: skip
        print(
            f'  app memory: {before:.0f} MB before the upload, peak {peak[0]:.0f} MB (growth {peak[0] - before:.0f} MB)'
        )
        for name, times in [*during.items(), ('import (preview + run)', during['preview'] + during['run'])]:
            if times:
                print(report(f'round trip during the {name}', times), f'(target p95 <= {TARGET_MS:.0f} ms)')
        await browser.close()


async def _round_trip(page: Page, token: str) -> float:
    field = await page.get_by_label('Name *').element_handle()
    card = await page.locator('.q-card', has_text='Summary').element_handle()
    return float(await page.evaluate(MEASURE, [field, card, token]))


async def _round_trips(page: Page, label: str, *, count: int) -> list[float]:
    times = []
    for index in range(count):
        times.append(await _round_trip(page, f'Bench {label} {index}'))
        await asyncio.sleep(0.02)
    return times
