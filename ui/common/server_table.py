"""A Quasar table paged and sorted on the server (server_table.js), for the lists that are not the customer grid.

Clicks on the pager or a header that come before the server's answer to the previous one build on what was asked
for, not on the older answer: "next" clicked twice goes two pages on. `on_request` gets the request's pagination (a
dict as the browser sent it: `page`, `rowsPerPage`, `sortBy`, `descending`; not trusted, check it) and shows its
answer through `load`, which answers every request taken before it began; a request that loads nothing is answered
when `on_request` returns.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Literal, TypeVar

from nicegui import ui
from nicegui.events import GenericEventArguments

from ui.common.live import is_gone

# The browser's queue that sends a component's requests in order (also the customer grid's, customer_grid.js).
IN_ORDER_JS = Path(__file__).parent / 'in_order.js'

PageHandler = Callable[[dict[str, Any]], Awaitable[None]]
Page = TypeVar('Page')


def request_number(args: Any) -> int | None:
    """The `seq` of a request from the browser (a whole number from 1), None if it has none."""
    seq = args.get('seq') if isinstance(args, dict) else None
    return seq if isinstance(seq, int) and not isinstance(seq, bool) and seq > 0 else None


class ServerTable(ui.table, component='server_table.js', dependencies=[IN_ORDER_JS]):
    def __init__(
        self,
        *,
        columns: list[dict[str, Any]],
        rows: list[dict[str, Any]],
        row_key: str,
        pagination: dict[str, Any],
        on_request: PageHandler,
        selection: Literal['single', 'multiple'] | None = None,
    ) -> None:
        super().__init__(columns=columns, rows=rows, row_key=row_key, pagination=pagination, selection=selection)
        self._props['answered'] = 0
        self._received = 0
        self._loads = 0
        self._on_page_request = on_request
        self.on('request', self._requested)

    async def _requested(self, event: GenericEventArguments) -> None:
        seq = request_number(event.args)
        if seq is None or seq <= self._received or not isinstance(event.args.get('pagination'), dict):
            return  # not a request, or older than one already taken (the browser sends them in order)
        self._received = seq
        loads = self._loads
        try:
            await self._on_page_request(event.args['pagination'])
        finally:
            if self._loads == loads:  # nothing loaded: the pager shows the server's page again, the same one
                self._answer(seq)

    async def load(self, fetch: Callable[[], Awaitable[Page]], show: Callable[[Page], None]) -> None:
        """`fetch` a page and `show` it (set `rows` and `pagination`), unless a newer load began meanwhile (that one
        shows its page) or the table is gone; the requests taken before this load began are then answered."""
        self._loads += 1
        load, requests = self._loads, self._received
        try:
            page = await fetch()
            if load == self._loads and not is_gone(self):
                show(page)
        finally:  # shown, or failed: the pager shows the server's page (the one before, if the load failed)
            if load == self._loads and not is_gone(self):
                self._answer(requests)

    def _answer(self, seq: int) -> None:
        if seq > self._props['answered']:
            self._props['answered'] = seq
            self.update()
