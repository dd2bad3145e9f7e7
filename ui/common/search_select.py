"""A select that asks the server for its options as one types: for lists too long to send to the browser."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui
from nicegui.events import GenericEventArguments

from ui.common.autocomplete_select import AUTOCOMPLETE_JS, NICEGUI_SELECT_JS

MAX_TYPED = 200


class SearchSelect(ui.select, component='search_select.js', dependencies=[NICEGUI_SELECT_JS, AUTOCOMPLETE_JS]):
    """`find(text)` returns the matches (value -> label) for what was typed; the menu shows them, the first one
    highlighted, so Enter or Tab picks it. Only the newest text is searched when keystrokes come faster than answers;
    while a search runs, the menu waits closed, so a click can never land on an option of an older answer."""

    def __init__(self, find: Callable[[str], Awaitable[dict[Any, str]]], *, label: str) -> None:
        super().__init__({}, label=label, with_input=True)
        self._find = find
        self._wanted: str | None = None
        self._lock = asyncio.Lock()
        self._props['answered'] = None
        self.on('search', self._search)

    async def _search(self, event: GenericEventArguments) -> None:
        text = str(event.args or '')[:MAX_TYPED]
        self._wanted = text
        async with self._lock:
            if self._wanted != text:
                return  # a newer text came in meanwhile: only that one is searched
            found = await self._find(text)
        if self._wanted != text:
            return
        options = dict(found)
        if self.value is not None and self.value not in options:  # keep the chosen one, or the field would lose it
            options[self.value] = self.options[self.value]
        self.options = options
        self._props['answered'] = {'text': text, 'count': len(found)}
        self.update()
