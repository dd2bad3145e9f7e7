"""bench/browser.py's side figures: the category chips' counts (server-side) and the server's memory after tabs
were opened and closed (RSS through bench/serve.py's probe)."""

from __future__ import annotations

import asyncio
import json
import statistics
import time
import urllib.request

from playwright.async_api import Browser
from tortoise import Tortoise

from services.core.db import tortoise_config
from services.customers.categories import category_counts

from .browser_apps import App, Clientbook, ms_since


async def chip_counts(database: str) -> float:
    """Median ms of the chips' counts (the query list_categories runs), 50 runs."""
    await Tortoise.init(config=tortoise_config(database))
    try:
        times = []
        for _ in range(50):
            started = time.perf_counter()
            await category_counts()
            times.append(ms_since(started))
        return statistics.median(times)
    finally:
        await Tortoise.close_connections()


def probe(app: App) -> dict[str, int]:
    """bench/serve.py's probe (signed in, like every other path): RSS after gc and malloc_trim, open clients."""
    cookie = '; '.join(f'{c["name"]}={c["value"]}' for c in app.cookies)
    request = urllib.request.Request(app.base + '/_bench/memory', headers={'Cookie': cookie})
    with urllib.request.urlopen(request, timeout=30) as response:
        return dict(json.loads(response.read()))


async def rss_once_closed(app: App, clients: int, timeout: float = 30) -> int:
    """RSS (KiB) once the server holds no more than `clients` clients (it deletes one some seconds after its tab)."""
    deadline = time.monotonic() + timeout
    while (figures := probe(app))['clients'] > clients and time.monotonic() < deadline:
        await asyncio.sleep(1)
    return int(figures['rss_kib'])


async def tabs_memory(app: Clientbook, browser: Browser, tabs: int) -> tuple[int, int, int]:
    """RSS (KiB) before, with `tabs` tabs open, and after they were closed and their clients deleted."""
    context = await app.context(browser)
    page = await context.new_page()
    await page.goto(app.base + app.list_path)
    await app.ready(page)
    await context.close()
    before = await rss_once_closed(app, 0)
    context = await app.context(browser)
    for _ in range(tabs):
        tab = await context.new_page()
        await tab.goto(app.base + app.list_path)
        await app.ready(tab)
    opened = int(probe(app)['rss_kib'])
    await context.close()
    after = await rss_once_closed(app, 0)
    return before, opened, after
