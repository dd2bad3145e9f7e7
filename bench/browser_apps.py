"""The two apps bench/browser.py times, as its tasks and the other page-load benchmarks (browser_scale, stack_floor,
startup) start, sign in to and read them: Clientbook (bench/serve.py, data from bench/dataset.py) and the Django admin
changelist peer (`/work/shared/peers/django_admin/peer.sh`, its own venv; Django is never imported here).
"""

from __future__ import annotations

import os
import re
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.async_api import Browser, BrowserContext, Page

from .dataset import create_admin, seed_environment

ROOT = Path(__file__).resolve().parent.parent
PEER = Path(os.environ.get('CLIENTBOOK_PEER', '/work/shared/peers/django_admin'))
BENCH_DATA = Path(os.environ.get('CLIENTBOOK_BENCH_DATA') or ROOT / 'bench' / 'data')
POSTGRES_URL = os.environ.get('CLIENTBOOK_BENCH_POSTGRES_URL') or os.environ.get('CLIENTBOOK_TEST_POSTGRES_URL', '')
CHROMIUM = os.environ.get('CLIENTBOOK_CHROMIUM', '/usr/bin/chromium')
CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
EMAIL, PASSWORD = 'bench@team.example', 'bench password 2026'
SURNAME, PHONE_PART = 'smith', '4567'
TIMEOUT_MS = 60_000  # a loaded 2-core machine can take long for a first open


# ----------------------------------------------------------------------------------------------------------- servers


def ms_since(started: float) -> float:
    """Milliseconds since `started` (a `time.perf_counter()` reading)."""
    return (time.perf_counter() - started) * 1000


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(command: list[str], env: dict[str, str], probe: str, log: Path) -> Iterator[float]:
    """Start a server, yield its start-up time (s) until `probe` answers; stop it afterwards."""
    started = time.perf_counter()
    with log.open('w') as out:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        try:
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f'server exited: {log.read_text()[-2000:]}')
                try:
                    with urllib.request.urlopen(probe, timeout=2):
                        break
                except OSError:
                    time.sleep(0.02)
            yield time.perf_counter() - started
        finally:
            process.terminate()
            process.wait(timeout=20)


def clientbook_env(database: str, data_dir: Path, port: int) -> dict[str, str]:
    settings = {'data_dir': str(data_dir), 'host': '127.0.0.1', 'port': str(port)}
    if database.startswith('postgres'):
        settings['database_url'] = database
    return seed_environment(**settings)


def ensure_user(env: dict[str, str]) -> None:
    create_admin(env, EMAIL, PASSWORD, exists_ok=True)


def peer_database(customers: int) -> Path:
    path = BENCH_DATA / f'django-{customers}.sqlite3'
    if not path.exists():
        print(f'  seeding the Django peer with {customers:,} customers (once) ...', flush=True)
        env = {**os.environ, 'PEER_DB': str(path)}
        subprocess.run([str(PEER / 'peer.sh'), 'seed', str(customers)], env=env, check=True, capture_output=True)
    return path


# ----------------------------------------------------------------------------------------------------------- the apps


# When the browser painted the list's rows, the same for both apps, from the browser's own paint timing: if a table cell
# of the list was in the document when the page's first frame was made, the first contentful paint (that frame's
# presentation); else the Element Timing API's time for the first cell painted (each cell is marked `elementtiming` as
# it is inserted). Element Timing alone is not enough: it drops the entries of elements removed before their paint is
# reported (the static first paint's cells, removed when the live table comes). Playwright's check (a script that runs
# only when the page's main thread is free, so after a page's start-up scripts even when the rows were painted before
# them) says later than a person sees the rows; it is printed beside this as "found".
WATCH_ROWS = """(() => {
  const cells = %r;
  requestAnimationFrame(() => { window.__rowsInFirstFrame = document.querySelector(cells) !== null; });
  const mark = () => {
    for (const cell of document.querySelectorAll(cells)) {
      if (!cell.hasAttribute('elementtiming')) cell.setAttribute('elementtiming', 'rows');
    }
  };
  new MutationObserver(mark).observe(document, {childList: true, subtree: true});
  window.__cellsPainted = new Promise(done => new PerformanceObserver((list, observer) => {
    const times = list.getEntries().filter(entry => entry.identifier === 'rows').map(entry => entry.renderTime);
    if (times.length) { observer.disconnect(); done(Math.min(...times)); }
  }).observe({type: 'element', buffered: true}));
})();"""
ROWS_PAINTED = """(async () => {
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  if (window.__rowsInFirstFrame && fcp) return fcp.startTime;
  return await window.__cellsPainted;
})()"""


class App:
    name = ''
    list_path = ''
    cells = ''  # the list's table cells (WATCH_ROWS)

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: list[dict[str, object]] = []

    async def sign_in(self, browser: Browser) -> None:
        context = await browser.new_context(viewport={'width': 1400, 'height': 1000})
        page = await context.new_page()
        await self._sign_in(page)
        self.cookies = list(await context.cookies())  # type: ignore[arg-type]
        await context.close()

    async def context(self, browser: Browser) -> BrowserContext:
        context = await browser.new_context(viewport={'width': 1400, 'height': 1000})
        await context.add_cookies(self.cookies)  # type: ignore[arg-type]
        await context.add_init_script(WATCH_ROWS % self.cells)
        return context

    async def _sign_in(self, page: Page) -> None:
        raise NotImplementedError

    async def rows_visible(self, page: Page) -> None:
        raise NotImplementedError

    async def ready(self, page: Page) -> None:
        """The list as a user can work in it (both apps: once its rows are visible)."""
        await self.rows_visible(page)


class Clientbook(App):
    name = 'Clientbook'
    list_path = '/customers'
    cells = '.q-table tbody tr > td'  # the live table's and the static first paint's
    # The customer number's link: in the table Vue and Quasar render, or in the static first paint (first_paint.py)
    rows = '.q-table tbody tr td:nth-child(2) a'
    # the live table is in NiceGUI's app element, the static copy before it (a plain CSS selector: the browser's own
    # querySelector answers it, not Playwright's slower engine, while the benchmark polls during the page's start-up)
    live = '#app .q-table__container tbody tr td:nth-child(2) a'

    async def _sign_in(self, page: Page) -> None:
        await page.goto(self.base + '/login')
        await page.get_by_label('Email').fill(EMAIL)
        await page.get_by_label('Password').fill(PASSWORD)
        await page.get_by_role('button', name='Sign in').click()
        await page.wait_for_url(re.compile(re.escape(self.base) + r'/(customers)?$'), timeout=TIMEOUT_MS)

    async def rows_visible(self, page: Page) -> None:
        await page.locator(self.rows).first.wait_for(timeout=TIMEOUT_MS)

    async def ready(self, page: Page) -> None:
        """The live table (the static first paint, shown in a browser without the scripts, is gone)."""
        await page.locator(self.live).first.wait_for(timeout=TIMEOUT_MS)
        await page.locator('#cb-first-paint').wait_for(state='detached', timeout=TIMEOUT_MS)


class Django(App):
    name = 'Django'
    list_path = '/admin/crm/customer/'
    rows = '#result_list tbody tr'
    cells = '#result_list tbody tr > td'

    async def _sign_in(self, page: Page) -> None:
        await page.goto(self.base + '/admin/login/?next=/admin/')
        await page.fill('#id_username', 'admin')
        await page.fill('#id_password', 'admin')
        await page.click('input[type=submit]')
        await page.wait_for_url(self.base + '/admin/', timeout=TIMEOUT_MS)

    async def rows_visible(self, page: Page) -> None:
        await page.locator(self.rows).first.wait_for(timeout=TIMEOUT_MS)
