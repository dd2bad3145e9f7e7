"""Which language a page speaks: the signed-in user's choice, else the sign-in pages' switcher, else the browser's.

The page's language also decides Quasar's own texts (table pagination, date pickers, uploader): NiceGUI loads the
Quasar language pack and sets `<html lang>` from the page's `language`, so each client gets a copy of its page with
the language set (`apply_page_language`).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from typing import Any, cast, get_args

from nicegui import Client, app, ui
from nicegui.language import Language
from nicegui.slot import Slot
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from services.core.i18n import LANGUAGES, _, from_accept_language, set_language_resolver, supported_language

COOKIE = 'clientbook_language'  # the sign-in pages' switcher: a choice before anyone is signed in
# Quasar language pack per language (NiceGUI ships them as static/lang/<name>.umd.prod.js).
QUASAR_LANGUAGES: dict[str, str] = {'en': 'en-US', 'ko': 'ko-KR', 'es': 'es'}


_request_language: ContextVar[str | None] = ContextVar('clientbook_request_language', default=None)


class RequestLanguage:
    """ASGI middleware: plain HTTP answers (download errors, expired links) speak the browser's language.

    The language is the one the browser chose in Clientbook (the `clientbook_language` cookie, set by the sign-in
    switcher and the user menu), else its `Accept-Language` header (RFC 9110 section 12.5.4).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] != 'http':
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        cookie = request.cookies.get(COOKIE, '')
        code = cookie if cookie in LANGUAGES else from_accept_language(request.headers.get('accept-language'))
        token = _request_language.set(code)
        try:
            await self.app(scope, receive, send)
        finally:
            _request_language.reset(token)


def install() -> None:
    """Let the services' `_()` find the language of the page or HTTP request being served (at every start: NiceGUI
    clears the middleware between test runs)."""
    set_language_resolver(page_language)
    app.add_middleware(RequestLanguage)


def page_language() -> str | None:
    """The language of the page in whose context the code runs; None outside any page (a background task, startup).

    Reads the slot stack directly: `ui.context` would create NiceGUI's script-mode page when called before start.
    """
    stack = Slot.get_stack()
    return language_of(stack[-1].parent.client) if stack else _request_language.get()


def accept_language(client: Client) -> str | None:
    """The `Accept-Language` header of the request that opened the client's page; None without one."""
    request = _request_of(client)
    return request.headers.get('accept-language') if request is not None else None


def language_of(client: Client) -> str:
    chosen = client.storage.get('language')
    if chosen:
        return str(chosen)
    request = _request_of(client)
    cookie = request.cookies.get(COOKIE, '') if request is not None else ''
    return cookie if cookie in LANGUAGES else from_accept_language(accept_language(client))


def _request_of(client: Client) -> Request | None:
    """The HTTP request that opened the client's page; None when there is none (a simulated or detached client)."""
    try:
        return client.request
    except (AttributeError, RuntimeError):
        return None


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


def remember_choice_in_browser(code: str) -> None:
    """The user menu's choice: the same cookie as the switcher (so plain HTTP answers follow it), then a reload."""
    if code in LANGUAGES:
        cookie = f'{COOKIE}={code}; path=/; max-age=31536000; samesite=lax'
    else:  # '' = the browser's language
        cookie = f'{COOKIE}=; path=/; max-age=0; samesite=lax'
    ui.run_javascript(f"document.cookie = '{cookie}'; location.reload()")


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
