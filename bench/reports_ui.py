"""The Reports page in real Chromium at scale: how long after navigation the income chart is drawn.

`python -m bench reports_ui` (SQLite; PostgreSQL too when CLIENTBOOK_BENCH_POSTGRES_URL names a server). Data: the
reports benchmark's seeded data set (100,000 customers, 30 categories, ~300,000 invoices, ~250,000 payments; seeded
once by `bench.reports`); the SQLite file is copied so the run leaves it unchanged. The app runs as `python main.py`
in its own process; an admin signs in through the login page, then each round opens `/reports` (the last 12 months,
all categories) by URL and waits until the income chart has an ECharts canvas and one frame has been painted after
it, timed inside the page from navigation start (`performance.now()`). Warm rounds reuse the tab; every fifth round
also opens it in a new browser context (empty cache). Target (issue 12): the chart within 1 s of navigation. Also
printed: when the first HTML had arrived (`responseEnd`) and when the table held the de-duplicated total.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.async_api import Browser, Page, async_playwright

from .dataset import create_admin
from .mail_common import free_port, report
from .mail_ui import ADMIN, CHROMIUM_ARGS, PASSWORD, _wait
from .reports import postgres_dataset, sqlite_dataset

ROUNDS = int(os.environ.get('CLIENTBOOK_BENCH_ROUNDS', '10'))
TARGET_MS = 1000.0
CHART_DRAWN = """() => new Promise(resolve => {
  const look = () => {
    const canvas = document.querySelector('[_echarts_instance_] canvas');
    if (canvas && canvas.width > 0) requestAnimationFrame(() => resolve(performance.now()));
    else setTimeout(look, 5);
  };
  look();
})"""
HTML_AND_TABLE = """() => new Promise(resolve => {
  const look = () => {
    const cells = [...document.querySelectorAll('.q-table tbody td')];
    const total = cells.some(td => td.textContent.includes('each invoice once'));
    if (total) resolve([performance.getEntriesByType('navigation')[0].responseEnd, performance.now()]);
    else setTimeout(look, 5);
  };
  look();
})"""


def main(args: list[str] | None = None) -> None:
    del args
    print(f'\nReports page, income chart after navigation ({ROUNDS} rounds; target <= {TARGET_MS:.0f} ms)', flush=True)
    data_dir = asyncio.run(sqlite_dataset())
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / 'data'
        data.mkdir()
        shutil.copy(data_dir / 'clientbook.sqlite3', data / 'clientbook.sqlite3')
        _serve_and_measure('SQLite', folder, {'CLIENTBOOK_DATA_DIR': str(data)})
    server = os.environ.get('CLIENTBOOK_BENCH_POSTGRES_URL')
    if server:
        url = asyncio.run(postgres_dataset(server))
        with tempfile.TemporaryDirectory() as folder:
            data = Path(folder) / 'data'
            data.mkdir()
            _serve_and_measure('PostgreSQL', folder, {'CLIENTBOOK_DATA_DIR': str(data), 'CLIENTBOOK_DATABASE_URL': url})
    else:
        print('PostgreSQL: skipped (set CLIENTBOOK_BENCH_POSTGRES_URL)')


def _serve_and_measure(engine: str, folder: str, settings: dict[str, str]) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(('CLIENTBOOK_', 'NICEGUI_'))}
    env.update(settings, CLIENTBOOK_HOST='127.0.0.1', CLIENTBOOK_PORT=str(port))
    main_py = Path(__file__).resolve().parents[1] / 'main.py'
    create_admin(env, ADMIN, PASSWORD, cwd=folder, exists_ok=True)  # may exist in a reused PostgreSQL data set
    log = (Path(folder) / 'app.log').open('w')
    app = subprocess.Popen([sys.executable, str(main_py)], cwd=folder, env=env, stdout=log, stderr=log)
    try:
        _wait(f'http://127.0.0.1:{port}/login')
        warm, cold, html, table = asyncio.run(_measure(f'http://127.0.0.1:{port}'))
        print(f'{engine}: ' + report('chart drawn after navigation, warm', warm), flush=True)
        print(f'{engine}: ' + report('chart drawn after navigation, new context (empty cache)', cold), flush=True)
        print(f'{engine}: ' + report('first HTML received (responseEnd), warm', html), flush=True)
        print(f'{engine}: ' + report('table with the total shown, warm', table), flush=True)
        print(f'{engine}: warm median / target = {sorted(warm)[len(warm) // 2] / TARGET_MS:.2f}', flush=True)
    finally:
        app.terminate()
        app.wait(15)
        log.close()


async def _measure(base: str) -> tuple[list[float], list[float], list[float], list[float]]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path='/usr/bin/chromium', args=CHROMIUM_ARGS)
        page = await _signed_in(browser, base)
        await _chart_after_navigation(page, base)  # warm-up: the first report also warms the server's caches
        warm: list[float] = []
        cold: list[float] = []
        html: list[float] = []
        table: list[float] = []
        for round_number in range(ROUNDS):
            warm.append(await _chart_after_navigation(page, base))
            html_at, table_at = await page.evaluate(HTML_AND_TABLE)
            html.append(html_at)
            table.append(table_at)
            if round_number % 5 == 0:
                fresh = await _signed_in(browser, base)
                cold.append(await _chart_after_navigation(fresh, base))
                await fresh.context.close()
        await browser.close()
    return warm, cold, html, table


async def _signed_in(browser: Browser, base: str) -> Page:
    page = await (await browser.new_context(viewport={'width': 1400, 'height': 900})).new_page()
    page.set_default_timeout(120_000)
    await page.goto(base + '/login')
    await page.get_by_label('Email').fill(ADMIN)
    await page.get_by_label('Password').fill(PASSWORD)
    await page.get_by_role('button', name='Sign in').click()
    await page.wait_for_url(lambda url: '/login' not in url)
    return page


async def _chart_after_navigation(page: Page, base: str) -> float:
    await page.goto(base + '/reports', wait_until='commit')
    drawn: float = await page.evaluate(CHART_DRAWN)
    return drawn
