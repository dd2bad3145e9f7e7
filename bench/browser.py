"""Clientbook's customer table against the Django admin changelist, timed in the same headless Chromium.

`python -m bench.browser --customers 100000` (add `--postgres` for Clientbook on PostgreSQL too). Both apps hold the
same number of customers in 30 categories: Clientbook's from `main.py seed-demo` (bench/dataset.py), the Django
peer's from `/work/shared/peers/django_admin/peer.sh seed N` (its own venv; Django is never imported here). Each task
is timed from the user's side (the action until the rows are visible), Clientbook and Django alternating, 5 runs
each; printed: medians, the Clientbook / Django ratio, and the target (at most 1.0x).

Besides: the category chips' counts (`category_counts`, server-side, median of 50) and the server's memory after 50
tabs were opened and closed (RSS through bench/serve.py's probe).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from playwright.async_api import Browser, Page, async_playwright

from .browser_apps import (
    BENCH_DATA,
    CHROMIUM,
    CHROMIUM_ARGS,
    PEER,
    PHONE_PART,
    POSTGRES_URL,
    ROOT,
    ROWS_PAINTED,
    SURNAME,
    TIMEOUT_MS,
    App,
    Clientbook,
    Django,
    clientbook_env,
    ensure_user,
    free_port,
    ms_since,
    peer_database,
    serve,
)
from .browser_memory import chip_counts, tabs_memory
from .dataset import postgres_dataset, sqlite_dataset


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog='python -m bench.browser', description=__doc__)
    parser.add_argument('--customers', type=int, default=100_000)
    parser.add_argument('--runs', type=int, default=5)
    parser.add_argument('--postgres', action='store_true', help='also Clientbook on PostgreSQL')
    parser.add_argument('--skip-sqlite', action='store_true')
    parser.add_argument('--tabs', type=int, default=50, help='tabs opened and closed for the memory figure (0: skip)')
    parser.add_argument('--only', default='', help='only the tasks whose name contains one of these, comma-separated')
    return parser.parse_args(argv)


# ---------------------------------------------------------------------------------------------------------- the tasks
# Each task gets a page (already showing the list where the task starts from) and returns the milliseconds from the
# user's action until the result is visible.

Task = Callable[[App, Browser, Page], Awaitable[float]]


# Page loads: the task's figure is when the browser painted the rows (browser_apps.WATCH_ROWS: paint timing), ms after
# the navigation started. Playwright's check (printed beside it as "found") is a
# script in the page: it runs between the page's own tasks, so on a page whose rows are painted before its start-up
# scripts run it says later. Clientbook's rows are painted with the page's first frame, from the static copy in its
# HTML (first_paint.py); the app starts after that frame. Besides, per task and app: the browser's first contentful
# paint (ms after the navigation started) and, for Clientbook, when the live table (Vue/Quasar, takes input) was there
# (ms from the navigation call).
FCP = "performance.getEntriesByName('first-contentful-paint').map(entry => entry.startTime)[0]"
SIDE: dict[str, dict[str, dict[str, list[float]]]] = {}


def _side(task: str, figure: str, app: App, ms: float) -> None:
    SIDE.setdefault(task, {}).setdefault(figure, {}).setdefault(app.name, []).append(ms)


async def _load(task: str, app: App, page: Page, url: str) -> float:
    """The ms from the navigation's start until the browser painted the list's rows (ROWS_PAINTED); besides, when
    Playwright's check found them (`found`, from the call), the first contentful paint and the live table."""
    started = time.perf_counter()
    await page.goto(url, wait_until='commit')
    await app.rows_visible(page)
    _side(task, 'found', app, ms_since(started))
    await app.ready(page)
    _side(task, 'live', app, ms_since(started))
    await page.wait_for_function(f'{FCP} !== undefined', timeout=TIMEOUT_MS)
    _side(task, 'paint', app, float(await page.evaluate(FCP)))
    return float(await asyncio.wait_for(page.evaluate(ROWS_PAINTED), TIMEOUT_MS / 1000))


async def open_warm(app: App, browser: Browser, page: Page) -> float:
    return await _load('open warm', app, page, app.base + app.list_path)


async def open_cold(app: App, browser: Browser, page: Page) -> float:
    context = await app.context(browser)  # empty cache
    try:
        return await _load('first open', app, await context.new_page(), app.base + app.list_path)
    finally:
        await context.close()


STATE = """() => {
    const pager = document.querySelector('.q-table__bottom');
    const first = document.querySelector('tbody tr td:nth-child(2) a');
    return (pager ? pager.innerText : '') + '|' + (first ? first.textContent : '');
}"""


async def clientbook_state(page: Page) -> str:
    """The pager's text and the first row's number: they change together when the server's answer is shown."""
    return str(await page.evaluate(STATE))


async def clientbook_changed(page: Page, before: str) -> None:
    await page.wait_for_function(f'(before) => ({STATE})() !== before', arg=before, timeout=TIMEOUT_MS)


def search_for(term: str) -> Task:
    async def task(app: App, browser: Browser, page: Page) -> float:
        if isinstance(app, Clientbook):
            box = page.get_by_placeholder('Search name, number, email, phone, tax ID, city…')
            before = await clientbook_state(page)
            started = time.perf_counter()
            await box.fill(term)  # the last keystroke: the time runs from here
            await clientbook_changed(page, before)
            return ms_since(started)
        await page.fill('#searchbar', term)
        started = time.perf_counter()
        async with page.expect_navigation(wait_until='commit'):
            await page.press('#searchbar', 'Enter')
        await app.rows_visible(page)
        return ms_since(started)

    return task


async def deep_page(app: App, browser: Browser, page: Page) -> float:
    query = '?page=500' if isinstance(app, Clientbook) else '?p=500'
    return await _load('deep page', app, page, app.base + app.list_path + query)


async def category_click(app: App, browser: Browser, page: Page) -> float:
    if isinstance(app, Clientbook):
        before = await clientbook_state(page)
        started = time.perf_counter()
        await page.locator('[aria-label="Filter by category"] .q-chip').nth(2).click()
        await clientbook_changed(page, before)
        return ms_since(started)
    link = page.locator('#changelist-filter a').get_by_text('tag3', exact=True).first
    started = time.perf_counter()
    async with page.expect_navigation(wait_until='commit'):
        await link.click()
    await app.rows_visible(page)
    return ms_since(started)


async def sort_by_name(app: App, browser: Browser, page: Page) -> float:
    if isinstance(app, Clientbook):
        header = page.locator('thead th', has_text='Name').first
        started = time.perf_counter()
        await header.click()
        await page.wait_for_function(
            '() => [...document.querySelectorAll("thead th.sorted")].some(th => /Name/.test(th.textContent))',
            timeout=TIMEOUT_MS,
        )
        first = await page.locator(Clientbook.rows).first.inner_text()
        assert first, 'rows after sorting'
        return ms_since(started)
    started = time.perf_counter()
    async with page.expect_navigation(wait_until='commit'):
        await page.locator('th.column-name .text a').first.click()
    await app.rows_visible(page)
    return ms_since(started)


TASKS: dict[str, Task] = {
    'open the customer list, warm': open_warm,
    'first open, empty browser cache': open_cold,
    f'type a surname ({SURNAME!r}), results shown': search_for(SURNAME),
    f'type part of a phone number ({PHONE_PART!r})': search_for(PHONE_PART),
    'open a deep page by URL (page 500)': deep_page,
    'filter by one category (click)': category_click,
    'sort by name (click)': sort_by_name,
}


async def measure(apps: list[App], browser: Browser, runs: int, only: str = '') -> dict[str, dict[str, float]]:
    """Median ms per task and app; apps alternate within each run, the first one alternating between runs."""
    wanted = [part for part in only.split(',') if part]
    tasks = {name: task for name, task in TASKS.items() if not wanted or any(part in name for part in wanted)}
    results: dict[str, dict[str, list[float]]] = {task: {app.name: [] for app in apps} for task in tasks}
    contexts = {app.name: await app.context(browser) for app in apps}
    pages = {app.name: await contexts[app.name].new_page() for app in apps}
    for app in apps:  # warm-up: caches, the first connections
        await pages[app.name].goto(app.base + app.list_path)
        await app.ready(pages[app.name])
    for run in range(runs):
        order = apps if run % 2 == 0 else list(reversed(apps))
        for name, task in tasks.items():
            for app in order:
                page = pages[app.name]
                await page.goto(app.base + app.list_path)  # every task starts from the plain list, live
                await app.ready(page)
                results[name][app.name].append(await task(app, browser, page))
    for context in contexts.values():
        await context.close()
    return {task: {app: statistics.median(times) for app, times in by_app.items()} for task, by_app in results.items()}


def print_table(title: str, medians: dict[str, dict[str, float]], startup: dict[str, float]) -> None:
    print(f'\n{title}')
    print(f'  {"task":48s} {"Clientbook":>11s} {"Django":>9s} {"ratio":>7s}  target <= 1.0x')
    for task, by_app in medians.items():
        ratio = by_app['Clientbook'] / by_app['Django']
        mark = 'ok' if ratio <= 1.0 else 'MISSED'
        print(f'  {task:48s} {by_app["Clientbook"]:8.0f} ms {by_app["Django"]:6.0f} ms {ratio:6.2f}x  {mark}')
    cb, dj = startup['Clientbook'], startup['Django']
    print(f'  {"server start-up until the list answers":48s} {cb * 1000:8.0f} ms {dj * 1000:6.0f} ms {cb / dj:6.2f}x')
    for task, figures in SIDE.items():
        paint, found = figures['paint'], figures['found']
        cb, dj = statistics.median(paint['Clientbook']), statistics.median(paint['Django'])
        cb_found, dj_found = statistics.median(found['Clientbook']), statistics.median(found['Django'])
        live = statistics.median(figures['live']['Clientbook'])
        print(
            f'  {task}: first contentful paint {cb:.0f} ms vs {dj:.0f} ms ({cb / dj:.2f}x); rows found by '
            f"Playwright's check {cb_found:.0f} vs {dj_found:.0f} ms ({cb_found / dj_found:.2f}x); "
            f'Clientbook live table after {live:.0f} ms'
        )
    SIDE.clear()
    print(f'  load average during the run: {os.getloadavg()[0]:.1f} (1 min, at the end)')


# ------------------------------------------------------------------------------------------------------------- main


async def compare(args: argparse.Namespace, label: str, database: str, data_dir: Path, peer_db: Path) -> None:
    cb_port, dj_port = free_port(), free_port()
    env = clientbook_env(database, data_dir, cb_port)
    ensure_user(env)
    peer_env = {**os.environ, 'PEER_DB': str(peer_db)}
    logs = BENCH_DATA / 'logs'
    logs.mkdir(parents=True, exist_ok=True)
    cb_command = [sys.executable, str(ROOT / 'bench' / 'serve.py')]
    with (
        serve(cb_command, env, f'http://127.0.0.1:{cb_port}/login', logs / 'clientbook.log') as cb_start,
        serve(
            [str(PEER / 'peer.sh'), 'serve', str(dj_port)],
            peer_env,
            f'http://127.0.0.1:{dj_port}/admin/login/',
            logs / 'django.log',
        ) as dj_start,
    ):
        clientbook, django = Clientbook(f'http://127.0.0.1:{cb_port}'), Django(f'http://127.0.0.1:{dj_port}')
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for app in (clientbook, django):
                await app.sign_in(browser)
            medians = await measure([clientbook, django], browser, args.runs, args.only)
            print_table(
                f'{label}, {args.customers:,} customers (medians of {args.runs}, alternating)',
                medians,
                {'Clientbook': cb_start, 'Django': dj_start},
            )
            if args.tabs:
                before, opened, after = await tabs_memory(clientbook, browser, args.tabs)
                print(
                    f'  server memory: {before / 1024:.0f} MiB idle, {opened / 1024:.0f} MiB with {args.tabs} tabs '
                    f'open, {after / 1024:.0f} MiB after they closed: {(after - before) / 1024:+.1f} MiB '
                    '(target within 10 MiB)'
                )
            await browser.close()
    print(f'  category chip counts: {await chip_counts(database):.2f} ms median (target <= 10 ms at 1,000,000)')


async def run(args: argparse.Namespace) -> None:
    print(f'Customer table in Chromium: Clientbook vs Django admin, {args.customers:,} customers, 30 categories')
    peer_db = peer_database(args.customers)
    if not args.skip_sqlite:
        data_dir = await sqlite_dataset(args.customers, 30)
        await compare(args, 'SQLite', f'sqlite://{data_dir / "clientbook.sqlite3"}', data_dir, peer_db)
    if args.postgres:
        if not POSTGRES_URL:
            print('PostgreSQL: skipped (set CLIENTBOOK_BENCH_POSTGRES_URL or CLIENTBOOK_TEST_POSTGRES_URL)')
            return
        url = await postgres_dataset(POSTGRES_URL, args.customers, 30)
        work = BENCH_DATA / 'postgres-work'
        work.mkdir(parents=True, exist_ok=True)
        await compare(args, 'PostgreSQL (Django: SQLite)', url, work, peer_db)


def main(argv: list[str] | None = None) -> None:
    asyncio.run(run(arguments(argv)))


if __name__ == '__main__':
    main()
