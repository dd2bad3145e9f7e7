"""Composition of the UI: database lifespan, pages, routes and the NiceGUI server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from nicegui import app, ui

from services.db import open_database
from services.settings import AppSettings

from . import events
from .pages import customer_form, customer_profile, customers, invoices, mailbox, products, settings_page
from .routes import register_routes
from .runtime import running_mailer
from .shell import shell

Lifespan = Callable[[Any], AbstractAsyncContextManager[Any]]


def setup(settings: AppSettings) -> None:
    """Install everything on the NiceGUI app. Idempotent: the test fixture runs `main.py` once per test."""
    _install_database_lifespan(settings)
    events.connect()
    register_routes()


def root() -> None:
    """The single-page app: shell plus the section the URL names."""
    ui.colors(primary='#1e4e79')
    shell()
    with ui.column().classes('w-full max-w-screen-xl mx-auto q-pa-md'):
        ui.sub_pages(
            {
                '/': customers.page,
                '/customers': customers.page,
                '/customers/new': customer_form.page,
                '/customers/{number}': customer_profile.page,
                '/invoices': invoices.page,
                '/products': products.page,
                '/mailbox': mailbox.page,
                '/settings': settings_page.page,
            }
        )


def run(settings: AppSettings) -> None:
    setup(settings)
    ui.run(
        root,
        host=settings.host,
        port=settings.port,
        title='Clientbook',
        favicon='📇',
        storage_secret=settings.resolved_storage_secret(),
        reload=False,
        show=False,
        reconnect_timeout=30,
    )


def _install_database_lifespan(settings: AppSettings) -> None:
    """Migrate and open the ORM, then start the mailer, before NiceGUI serves; stop them in reverse order."""
    nicegui_lifespan: Lifespan = getattr(app.state, 'clientbook_nicegui_lifespan', None) or app.router.lifespan_context
    app.state.clientbook_nicegui_lifespan = nicegui_lifespan

    @asynccontextmanager
    async def lifespan(fastapi_app: Any) -> AsyncIterator[Any]:
        async with open_database(settings), running_mailer(settings), nicegui_lifespan(fastapi_app) as state:
            yield state

    app.router.lifespan_context = lifespan
