"""UI responsiveness while the outbox sends 1,000 invoice emails: event round trips in real Chromium.

The app runs as in production (`python main.py`, its own process) and sends to an SMTP sink in another process.
One round trip = type into "Name" in the registration form -> the server validates -> the summary shows the value,
timed inside the page with `performance.now()` and a MutationObserver.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.async_api import Page, async_playwright

from .dataset import create_admin
from .mail_common import SmtpSink, free_port, report, seed_invoices

MESSAGES = 1000
ROUND_TRIPS = 150
CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update', '--disable-sync']  # fmt: skip
MEASURE = """([input, card, token]) => new Promise(resolve => {
  const start = performance.now();
  const observer = new MutationObserver(() => {
    if (card.textContent.includes(token)) { observer.disconnect(); resolve(performance.now() - start); }
  });
  observer.observe(card, {subtree: true, childList: true, characterData: true});
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  setter.call(input, token);
  input.dispatchEvent(new Event('input', {bubbles: true}));
})"""


ADMIN = 'bench@team.example'
PASSWORD = 'bench password 1234'


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / 'data'
        data.mkdir()
        database = data / 'clientbook.sqlite3'
        asyncio.run(seed_invoices(database, MESSAGES))
        with SmtpSink() as sink:
            port = free_port()
            env = {k: v for k, v in os.environ.items() if not k.startswith(('CLIENTBOOK_', 'NICEGUI_'))}
            env.update(
                CLIENTBOOK_DATA_DIR=str(data), CLIENTBOOK_HOST='127.0.0.1', CLIENTBOOK_PORT=str(port),
                CLIENTBOOK_SMTP_HOST='127.0.0.1', CLIENTBOOK_SMTP_PORT=str(sink.port), CLIENTBOOK_SMTP_STARTTLS='false',
            )  # fmt: skip
            log = (Path(folder) / 'app.log').open('w')
            main_py = Path(__file__).resolve().parents[1] / 'main.py'
            create_admin(env, ADMIN, PASSWORD, cwd=folder)
            app = subprocess.Popen([sys.executable, str(main_py)], cwd=folder, env=env, stdout=log, stderr=log)
            try:
                _wait(f'http://127.0.0.1:{port}/customers/new')
                asyncio.run(_measure(f'http://127.0.0.1:{port}', database))
            finally:
                app.terminate()
                app.wait(15)
                log.close()


async def _measure(base: str, database: Path) -> None:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path='/usr/bin/chromium', args=CHROMIUM_ARGS)
        page = await browser.new_page()
        await page.goto(base + '/customers/new')
        await page.get_by_label('Email').fill(ADMIN)
        await page.get_by_label('Password').fill(PASSWORD)
        await page.get_by_role('button', name='Sign in').click()
        await page.get_by_label('Name *').wait_for()
        sent_before, started = _sent(database), time.perf_counter()
        busy = await _round_trips(page, 'busy')
        elapsed, sent_during = time.perf_counter() - started, _sent(database) - sent_before
        label = f'UI round trip while sending ({sent_during} emails sent during the {elapsed:.1f} s window)'
        print(report(label, busy), '(target: stays responsive)')
        while _sent(database) < MESSAGES and time.perf_counter() - started < 120:
            await asyncio.sleep(0.5)
        drained = time.perf_counter() - started
        print(f'all {_sent(database)} of {MESSAGES} emails sent {drained:.1f} s after the page opened')
        idle = await _round_trips(page, 'idle')
        print(report('UI round trip with the outbox idle', idle))
        await browser.close()


async def _round_trips(page: Page, label: str) -> list[float]:
    field = await page.get_by_label('Name *').element_handle()
    card = await page.locator('.q-card', has_text='Summary').element_handle()
    times = []
    for index in range(ROUND_TRIPS):
        times.append(float(await page.evaluate(MEASURE, [field, card, f'Bench {label} {index}'])))
        await asyncio.sleep(0.02)
    return times


def _sent(database: Path) -> int:
    with sqlite3.connect(f'file:{database}?mode=ro', uri=True, timeout=5) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM outbox_message WHERE status = 'sent'").fetchone()[0])


def _wait(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f'{url} did not answer within {timeout} s')
