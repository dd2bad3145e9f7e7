"""Who is using this page: the session opened at login, checked on every page, sub-page and event handler."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import quote

from fastapi import HTTPException
from nicegui import Client, app, background_tasks, ui
from starlette.requests import Request

from services.access.sessions import SessionInfo, SessionPolicy, still_valid
from services.core.actors import Actor
from services.core.errors import PermissionDenied
from services.core.events import EventsResynced, UserAccessChanged, events_resynced, user_access_changed
from services.core.i18n import _
from services.core.settings import AppSettings
from ui.common.i18n import apply_page_language, remember_language

COOKIE = 'clientbook_session'
CHECK_EVERY = 60.0


@dataclass
class _Config:
    policy: SessionPolicy = field(
        default_factory=lambda: SessionPolicy(idle=timedelta(minutes=60), lifetime=timedelta(hours=12))
    )
    secure_cookies: bool | None = None


config = _Config()


def configure(settings: AppSettings) -> None:
    config.policy = SessionPolicy(
        idle=timedelta(minutes=settings.session_idle_minutes), lifetime=timedelta(hours=settings.session_max_hours)
    )
    config.secure_cookies = settings.secure_cookies
    user_access_changed.unsubscribe(_access_changed)
    user_access_changed.subscribe(_access_changed)
    events_resynced.unsubscribe(_resynced)
    events_resynced.subscribe(_resynced)
    app.timer(CHECK_EVERY, recheck_all, immediate=False)  # one timer for all open pages, not one element each


def begin_page(client: Client) -> SessionInfo | None:
    """Take the session the HTTP middleware resolved for this page load and keep it with the client."""
    info: SessionInfo | None = getattr(client.request.state, 'session', None)
    client.storage['session'] = info
    remember_language(client, info.actor.language if info else '')
    apply_page_language(client)
    return info


def current_actor() -> Actor:
    """The signed-in user of the current page. Raises (and sends the page to the login) when there is none."""
    storage = ui.context.client.storage
    info: SessionInfo | None = storage.get('session')
    if info is None:
        go_to_login()
        raise PermissionDenied(_('Please sign in'))
    storage['active'] = True
    return info.actor


def current_session_hash() -> str:
    """The token hash of the current page's session ('' when there is none)."""
    info: SessionInfo | None = ui.context.client.storage.get('session')
    return info.token_hash if info else ''


def signed_in() -> bool:
    """True for a live session; counts as activity (the user opened a page)."""
    storage = ui.context.client.storage
    storage['active'] = storage.get('session') is not None
    return bool(storage['active'])


def go_to_login() -> None:
    """Leave the single-page app for the login page, coming back to the current path afterwards."""
    client = ui.context.client
    path = client.sub_pages_router.current_path if client.has_socket_connection else '/'
    # An absolute URL makes NiceGUI load the page instead of looking for '/login' among the app's sub-pages.
    base = str(client.request.base_url).rstrip('/')
    ui.navigate.to(f'{base}/login?next={quote(path, safe="/")}')


async def recheck_all() -> None:
    """End the pages whose session expired (idle or lifetime) or was ended elsewhere (another app instance)."""
    for client in list(Client.instances.values()):
        if client.storage.get('session') is not None:
            await _recheck(client)


async def _recheck(client: Client) -> None:
    info: SessionInfo | None = client.storage.get('session')
    active = bool(client.storage.get('active'))
    client.storage['active'] = False
    if info is not None and not await still_valid(info.token_hash, policy=config.policy, active=active):
        _end(client)


def _end(client: Client) -> None:
    client.storage['session'] = None
    with client:
        go_to_login()


def _access_changed(event: UserAccessChanged) -> None:
    """Close or reload the open pages of a user whose access changed (logout, deactivation, new role)."""
    for client in list(Client.instances.values()):
        info: SessionInfo | None = client.storage.get('session')
        if info is None or info.actor.id != event.user_id:
            continue
        if event.session_hash and info.token_hash != event.session_hash:
            continue
        if event.ended:
            _end(client)
        else:
            with client:
                ui.navigate.reload()


def _resynced(_: EventsResynced) -> None:
    """Sign-outs on other processes may have gone unheard: check every open page's session now."""
    background_tasks.create(recheck_all(), name='recheck sessions')


def require_session(request: Request) -> Actor:
    """The guard of the custom HTTP routes (`ui.routes`): the session the middleware resolved, else 401."""
    info: SessionInfo | None = getattr(request.state, 'session', None)
    if info is None:
        raise HTTPException(401, 'Please sign in')
    return info.actor
