"""Which language a page speaks: the signed-in user's choice, else the browser's (`Accept-Language`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from nicegui import Client
from nicegui.slot import Slot

from services.core.i18n import _, from_accept_language, set_language_resolver, supported_language


def install() -> None:
    """Let the services' `_()` find the language of the page being served (once per process)."""
    set_language_resolver(page_language)


def page_language() -> str | None:
    """The language of the page in whose context the code runs; None outside any page (a background task, startup).

    Reads the slot stack directly: `ui.context` would create NiceGUI's script-mode page when called before start.
    """
    stack = Slot.get_stack()
    return language_of(stack[-1].parent.client) if stack else None


def language_of(client: Client) -> str:
    chosen = client.storage.get('language')
    if chosen:
        return str(chosen)
    try:
        header = client.request.headers.get('accept-language')
    except (AttributeError, RuntimeError):  # no HTTP request behind this client
        header = None
    return from_accept_language(header)


def remember_language(client: Client, chosen: str) -> None:
    """Keep the signed-in user's language with the page ('' follows the browser)."""
    client.storage['language'] = supported_language(chosen) if chosen else ''


def translated_columns(columns: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Table columns whose `label` was marked with `N_()`, in the language of the page being built."""
    return [{**column, 'label': _(column['label'])} for column in columns]
