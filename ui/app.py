"""Composition of the UI: database lifespan, security, pages, routes and the NiceGUI server."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from fastapi.responses import JSONResponse
from nicegui import app, background_tasks, helpers, ui
from nicegui.server import Server
from starlette.responses import RedirectResponse

from services.core.company import load_company_zone
from services.core.db import open_database
from services.core.i18n import _, language
from services.core.settings import AppSettings
from services.customers.startup import prepare_customers
from services.notes import files
from ui import downloads
from ui.access import auth_pages, security, session
from ui.common import events, i18n, menu_drawer, styles
from ui.common.accessibility import install_colours, install_page_accessibility
from ui.customers.table.customer_grid import COUNTRIES_PATH, country_options
from ui.ops import health
from ui.ops.outage import notice_outages
from ui.ops.runtime import configure as configure_ops
from ui.ops.runtime import running_ops
from ui.pages import (
    account_page,
    audit_page,
    backups_page,
    company_page,
    custom_fields_page,
    customer_form,
    customer_profile,
    customers,
    import_page,
    invoices,
    mailbox,
    products,
    settings_page,
    team_page,
    welcome_invoice_page,
)
from ui.reports import report_page
from ui.routes import register_routes
from ui.runtime import running_mailer
from ui.shell import notice_previous_sign_in, shell

Lifespan = Callable[[Any], AbstractAsyncContextManager[Any]]


@dataclass(frozen=True)
class Route:
    """`in_html`: the first HTML response waits (up to FIRST_HTML_WAIT) for this page to be built, so what it shows
    (the customer list's first page of rows) is painted with the page instead of after the websocket connects. Only
    for builders that never wait for the browser (no run_javascript, no client.connected())."""

    builder: Callable[..., Any]
    admin_only: bool = False
    in_html: bool = False


FIRST_HTML_WAIT = 2.0  # seconds; below NiceGUI's response_timeout (3 s), after which the page arrives by websocket


# Every page of the single-page app; each one checks the session itself (sub-page navigation makes no HTTP request).
ROUTES: dict[str, Route] = {
    '/': Route(customers.page, in_html=True),
    '/customers': Route(customers.page, in_html=True),
    '/customers/new': Route(customer_form.page),
    '/customers/import': Route(import_page.page),
    '/customers/{number}': Route(customer_profile.page),
    '/invoices': Route(invoices.page),
    '/reports': Route(report_page.page, in_html=True),
    '/products': Route(products.page),
    '/mailbox': Route(mailbox.page),
    '/account': Route(account_page.page),
    '/settings': Route(settings_page.page, admin_only=True),
    '/settings/company': Route(company_page.page, admin_only=True),
    '/settings/welcome-invoice': Route(welcome_invoice_page.page, admin_only=True),
    '/settings/fields': Route(custom_fields_page.page, admin_only=True),
    '/settings/team': Route(team_page.page, admin_only=True),
    '/settings/audit': Route(audit_page.page, admin_only=True),
    '/settings/backups': Route(backups_page.page, admin_only=True),
}


def setup(settings: AppSettings) -> None:
    """Install everything on the NiceGUI app. Idempotent: the test fixture runs `main.py` once per test."""
    _install_database_lifespan(settings)
    configure_ops(settings)
    session.configure(settings)
    security.install(settings)
    auth_pages.register()
    downloads.register()
    files.configure(settings)
    _install_routes()
    events.connect()
    i18n.install()
    styles.install()
    install_colours()
    menu_drawer.install()
    register_routes()
    health.register()


async def root() -> RedirectResponse | None:
    """The single-page app: shell plus the section the URL names, for a signed-in user only."""
    info = session.begin_page(ui.context.client)
    if info is None:
        return RedirectResponse('/login', status_code=303)
    install_page_accessibility()
    notice_outages()
    shell(info.actor)
    notice_previous_sign_in(info)
    built = asyncio.Event()
    with ui.column().classes('w-full max-w-screen-xl mx-auto q-pa-md'):
        pages = ui.sub_pages({path: guarded(route, built) for path, route in ROUTES.items()}).classes('w-full')
    if not pages.has_404 and _route_of(ui.context.client.sub_pages_router.current_path).in_html:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(built.wait(), FIRST_HTML_WAIT)
    return None


def _route_of(path: str) -> Route:
    """The route the first response shows (exact paths only; the others are never `in_html`)."""
    return ROUTES.get(urlsplit(path).path.rstrip('/') or '/', Route(builder=lambda: None))


def guarded(route: Route, built: asyncio.Event | None = None) -> Callable[..., Any]:
    """Wrap a page builder so it renders only for a live session (and only for admins where required); `built` is
    set once a build has finished (the first response may wait for it, see Route.in_html)."""

    @functools.wraps(route.builder)
    async def page(*args: Any, **kwargs: Any) -> None:
        try:
            if not session.signed_in():
                session.go_to_login()
                return
            if route.admin_only and not session.current_actor().is_admin:
                ui.label(_('Only admins can open this page.')).classes('text-h6').mark('forbidden')
                return
            result = route.builder(*args, **kwargs)
            if inspect.isawaitable(result):
                await result
        finally:
            if built is not None:
                built.set()

    return page


def run(settings: AppSettings) -> None:
    setup(settings)
    if not helpers.is_user_simulation():  # the simulated User starts the app many times, without a port
        app.on_startup(lambda: background_tasks.create(_announce_when_listening(settings), name='readiness line'))
    ui.run(
        root,
        host=settings.host,
        port=settings.port,
        title='Clientbook',
        favicon='📇',
        tailwind=False,  # precompiled instead: ui.common.styles
        storage_secret=settings.resolved_storage_secret(),
        reload=False,
        show=False,
        reconnect_timeout=30,
        show_welcome_message=False,  # printed too early (before the port is bound): see _announce_when_listening
        log_config=None,  # uvicorn's loggers go through our handler (text or JSON, see services.ops.logs)
    )


async def _announce_when_listening(settings: AppSettings) -> None:
    """The readiness line, printed only once the server really listens on its port (uvicorn binds the port after
    the start-up handlers ran: a port taken meanwhile ends the start without this line)."""
    while not getattr(Server.instance, 'started', False):  # noqa: ASYNC110 - uvicorn offers no event for it
        await asyncio.sleep(0.05)
    host = 'localhost' if settings.host in ('0.0.0.0', '::', '') else settings.host  # noqa: S104
    print(f'Clientbook ready on http://{host}:{settings.port}', flush=True)


def _install_routes() -> None:
    def countries(lang: str = '') -> JSONResponse:
        """ISO countries for the table's country editor, named in `lang`: constant, cached by the browser for a day."""
        with language(lang):
            return JSONResponse(country_options(), headers={'Cache-Control': 'max-age=86400'})

    app.add_api_route(COUNTRIES_PATH, countries, methods=['GET'], include_in_schema=False)


def _install_database_lifespan(settings: AppSettings) -> None:
    """Migrate and open the ORM, then start the mailer, before NiceGUI serves; stop them in reverse order."""
    nicegui_lifespan: Lifespan = getattr(app.state, 'clientbook_nicegui_lifespan', None) or app.router.lifespan_context
    app.state.clientbook_nicegui_lifespan = nicegui_lifespan

    @asynccontextmanager
    async def lifespan(fastapi_app: Any) -> AsyncIterator[Any]:
        if getattr(fastapi_app.state, 'clientbook_running', False):
            # A nested start (the test fixture's second simulated browser): the database and mailer are running.
            async with nicegui_lifespan(fastapi_app) as state:
                yield state
            return
        fastapi_app.state.clientbook_running = True
        try:
            async with (
                open_database(settings, on_open=[prepare_customers, load_company_zone]),
                running_ops(settings),
                running_mailer(settings),
                nicegui_lifespan(fastapi_app) as state,
            ):
                yield state
        finally:
            fastapi_app.state.clientbook_running = False

    app.router.lifespan_context = lifespan
