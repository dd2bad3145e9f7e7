"""A page's view in its URL query (Customers, Invoices, Reports), so a reload, the back button and a copied link show
the same view.

The page reads its view from the query when it is built (`PageArguments.query_parameters`), writes it back with
`show_url` on every change (replacing the history entry: a click on a chip is not a step back), and follows in-app
navigation to its own path with another query (the menu entry, a link) with `on_own_path`. Parsing and writing the
query is the page's own (`ui/customers/table/list_url.py`, `ui/reports/report_url.py`, `ui/pages/invoices.py`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from nicegui import background_tasks, ui
from nicegui.element import Element
from starlette.datastructures import QueryParams

from ui.common.live import is_gone, on_path_changed_while_alive


def show_url(element: Element, url: str) -> None:
    """Put `url` (path and query) in the address bar of the element's page without a new history entry, and tell the
    router, so that a later navigation is compared with what the page shows."""
    element.client.sub_pages_router.current_path = url
    with element:
        ui.navigate.history.replace(url)


def on_own_path(element: Element, path: str, callback: Callable[[QueryParams], Awaitable[None]]) -> None:
    """While `element` lives: an in-app navigation to `path` calls `callback` with the new query.

    The call comes after NiceGUI has decided whether to build the page anew (it does when the query differs from the
    one the page was built with); then `element` is gone and `callback` is not called.
    """

    def navigated(target: str) -> None:
        parts = urlsplit(target)
        if parts.path.rstrip('/') != path:
            return

        async def later() -> None:
            await asyncio.sleep(0)
            if not is_gone(element):
                await callback(QueryParams(parts.query))

        background_tasks.create(later(), name=f'navigation to {path}', context=element)

    on_path_changed_while_alive(element, navigated)
