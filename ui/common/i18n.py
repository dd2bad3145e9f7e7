"""Which language a page speaks: the signed-in user's choice, else the sign-in pages' switcher, else the browser's.

The page's language also decides Quasar's own texts (table pagination, date pickers, uploader): NiceGUI loads the
Quasar language pack and sets `<html lang>` from the page's `language`, so each client gets a copy of its page with
the language set (`apply_page_language`).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any, cast, get_args

from nicegui import Client, ui
from nicegui.language import Language
from nicegui.slot import Slot

from services.core.i18n import LANGUAGES, _, from_accept_language, set_language_resolver, supported_language

COOKIE = 'clientbook_language'  # the sign-in pages' switcher: a choice before anyone is signed in
# Quasar language pack per language (NiceGUI ships them as static/lang/<name>.umd.prod.js).
QUASAR_LANGUAGES: dict[str, str] = {'en': 'en-US', 'ko': 'ko-KR', 'es': 'es'}


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
        request = client.request
    except (AttributeError, RuntimeError):  # no HTTP request behind this client
        return from_accept_language(None)
    cookie = request.cookies.get(COOKIE, '')
    if cookie in LANGUAGES:
        return cookie
    return from_accept_language(request.headers.get('accept-language'))


def remember_language(client: Client, chosen: str) -> None:
    """Keep the signed-in user's language with the page ('' follows the switcher's cookie, else the browser)."""
    client.storage['language'] = supported_language(chosen) if chosen else ''


def apply_page_language(client: Client) -> str:
    """Make the page's HTML (`lang`, Quasar's language pack) follow the client's language; returns the language."""
    code = language_of(client)
    page = copy.copy(client.page)  # the page object is shared by every client of the route
    page.language = cast(Language, quasar_language(code))
    client.page = page
    return code


def quasar_language(code: str) -> str:
    """The Quasar language pack for a language: the mapped one, else the code itself if NiceGUI ships it."""
    if code in QUASAR_LANGUAGES:
        return QUASAR_LANGUAGES[code]
    return code if code in get_args(Language) else 'en-US'


def switch_language_in_browser(code: str) -> None:
    """The sign-in pages' switcher: remember `code` in a cookie and load the page again in that language."""
    chosen = supported_language(code)
    ui.run_javascript(
        f"document.cookie = '{COOKIE}={chosen}; path=/; max-age=31536000; samesite=lax'; location.reload()"
    )


def language_switcher() -> None:
    """One link per language, the current one marked, for pages without a signed-in user."""
    current = page_language()
    with ui.row().classes('justify-center gap-3 q-mt-md').mark('language-switcher'):
        for code, name in LANGUAGES.items():
            link = ui.button(name, on_click=lambda code=code: switch_language_in_browser(code)).props(
                'flat dense no-caps'
            )
            link.props['lang'] = code
            if code == current:
                link.props('disable')
                link.props['aria-current'] = 'true'


def translated_columns(columns: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Table columns whose `label` was marked with `N_()`, in the language of the page being built."""
    return [{**column, 'label': _(column['label'])} for column in columns]
