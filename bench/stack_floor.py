"""How fast can the fixed stack open a list at all? A bare NiceGUI page (bench/stack_floor_app.py: 25 rows of plain
elements, no Quasar component, no database) against the Django admin changelist peer, timed as bench/browser.py times
"open the customer list, warm": from navigation until Playwright finds a row's link visible, alternating, medians.

`python -m bench.stack_floor [--runs 15]`. What it tells: when the bare page is well under Django's time, the
framework's own start-up (Vue, Quasar's script, NiceGUI's socket) is not what keeps Clientbook's list above Django's;
what Clientbook mounts on top (Quasar components: layout, drawer, QTable, inputs) is.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time

from playwright.async_api import Page, async_playwright

from .browser_apps import BENCH_DATA, CHROMIUM, CHROMIUM_ARGS, PEER, ROOT, Django, free_port, peer_database, serve

ROW_LINK = 'tbody tr td:nth-child(2) a'


async def _open(page: Page, url: str, visible: str) -> float:
    await page.goto(url)
    await page.locator(visible).first.wait_for()
    await page.wait_for_timeout(100)  # the page settled (its socket connected), as bench/browser.py's tasks start
    started = time.perf_counter()
    await page.goto(url, wait_until='commit')
    await page.locator(visible).first.wait_for()
    return (time.perf_counter() - started) * 1000


async def run(runs: int, customers: int) -> None:
    floor_port, django_port = free_port(), free_port()
    logs = BENCH_DATA / 'logs'
    logs.mkdir(parents=True, exist_ok=True)
    peer_env = {**os.environ, 'PEER_DB': str(peer_database(customers))}
    floor_url = f'http://127.0.0.1:{floor_port}/floor'
    with (
        serve([sys.executable, str(ROOT / 'bench' / 'stack_floor_app.py'), str(floor_port)], dict(os.environ),
              floor_url, logs / 'stack_floor.log'),
        serve([str(PEER / 'peer.sh'), 'serve', str(django_port)], peer_env,
              f'http://127.0.0.1:{django_port}/admin/login/', logs / 'stack_floor_django.log'),
    ):  # fmt: skip
        django = Django(f'http://127.0.0.1:{django_port}')
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            await django.sign_in(browser)
            django_page = await (await django.context(browser)).new_page()
            floor_context = await browser.new_context(viewport={'width': 1400, 'height': 1000})
            floor_page = await floor_context.new_page()
            times: dict[str, list[float]] = {'NiceGUI bare page': [], 'Django admin': []}
            for round_ in range(runs):
                for name in list(times) if round_ % 2 == 0 else list(reversed(times)):
                    if name == 'Django admin':
                        ms = await _open(django_page, django.base + django.list_path, Django.rows)
                    else:
                        ms = await _open(floor_page, floor_url, ROW_LINK)
                    times[name].append(ms)
            await browser.close()
    bare, peer = statistics.median(times['NiceGUI bare page']), statistics.median(times['Django admin'])
    print(f'Open a list, warm, rows visible (medians of {runs}, alternating; Django with {customers:,} customers)')
    print(f'  NiceGUI bare page (25 rows of plain elements)  {bare:6.0f} ms')
    print(f'  Django admin changelist                        {peer:6.0f} ms')
    print(f'  ratio bare / Django                            {bare / peer:6.2f}x')
    print(f'  load average: {os.getloadavg()[0]:.1f} (1 min, at the end)')


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog='python -m bench.stack_floor', description=__doc__)
    parser.add_argument('--runs', type=int, default=15)
    parser.add_argument('--customers', type=int, default=100_000, help="the Django peer's data size")
    args = parser.parse_args(argv)
    asyncio.run(run(args.runs, args.customers))


if __name__ == '__main__':
    main()
