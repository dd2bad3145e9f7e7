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


class PageRequests:
    """One table's numbered page requests from the browser and the loads that answer them (the customer grid's and
    ServerTable's): an older request than one already taken is passed over; the newest load wins, and when it has
    shown its page (or failed) it answers every request taken before it began (`answer(seq)`)."""

    def __init__(self, answer: Callable[[int], None], alive: Callable[[], bool]) -> None:
        self.taken = 0  # the newest request taken (its `seq`)
        self.loads = 0
        self._answer = answer
        self._alive = alive

    def take(self, args: Any) -> int | None:
        """The request's `seq` if it is one and newer than the last taken, else None."""
        seq = request_number(args)
        if seq is None or seq <= self.taken:
            return None
        self.taken = seq
        return seq

    async def load(self, fetch: Callable[[], Awaitable[Page]], show: Callable[[Page], None]) -> None:
        """`fetch` a page and `show` it, unless a newer load began meanwhile (that one shows its page) or the table is
        gone."""
        self.loads += 1
        load, taken = self.loads, self.taken  # the view being loaded includes the requests taken so far
        try:
            page = await fetch()
            if load == self.loads and self._alive():
                show(page)
        finally:  # shown, or failed: the pager shows the server's page (the one before, if the load failed)
            if load == self.loads and self._alive():
                self._answer(taken)


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
        self.requests = PageRequests(self._answer, lambda: not is_gone(self))
        self._on_page_request = on_request
        self.on('request', self._requested)

    async def _requested(self, event: GenericEventArguments) -> None:
        if not isinstance(event.args, dict) or not isinstance(event.args.get('pagination'), dict):
            return
        seq = self.requests.take(event.args)
        if seq is None:
            return  # not a request, or older than one already taken (the browser sends them in order)
        loads = self.requests.loads
        try:
            await self._on_page_request(event.args['pagination'])
        finally:
            if self.requests.loads == loads:  # nothing loaded: the pager shows the server's page again, the same one
                self._answer(seq)

    async def load(self, fetch: Callable[[], Awaitable[Page]], show: Callable[[Page], None]) -> None:
        """`fetch` a page and `show` it (set `rows` and `pagination`); see PageRequests.load."""
        await self.requests.load(fetch, show)

    def _answer(self, seq: int) -> None:
        if seq > self._props['answered']:
            self._props['answered'] = seq
            self.update()
