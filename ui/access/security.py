"""HTTP hardening: trusted hosts, same-origin websockets, security headers, and a session check on every request."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import quote

from nicegui import app, core
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

from services.access.sessions import resolve
from services.access.team import has_users
from services.core.i18n import _
from services.core.network import local_host_names
from services.core.pg import is_database_outage
from services.core.settings import AppSettings
from ui.access import session
from ui.common import styles

# Reachable without a session: the sign-in pages, and NiceGUI's static assets and websocket they need.
HEALTH_PATH = '/healthz'  # for monitors: answers without a session (even before the first admin) and shows no data
PUBLIC_PATHS = frozenset({'/login', '/first-admin', '/auth/complete', '/favicon.ico', HEALTH_PATH})
PUBLIC_PREFIXES = ('/setup/', '/_nicegui_ws/')
ASSET_PREFIX = '/_nicegui/'
PRIVATE_ASSET_PREFIX = '/_nicegui/client/'  # uploads and downloads of a page: as private as the page
ASSET_PATHS = frozenset({styles.stylesheet_url()})  # ours, needed by every page (the first-admin page too)
SECURITY_HEADERS = {
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'same-origin',
    'Content-Security-Policy': "frame-ancestors 'none'; object-src 'none'; base-uri 'self'",
}


def install(settings: AppSettings) -> list[str]:
    """Add the middleware (NiceGUI clears it between test runs, so this runs at every start). Returns the hosts."""
    hosts = settings.allowed_hosts or local_host_names()
    forget_users()
    core.sio.eio.cors_allowed_origins = None  # socket.io: same origin only (NiceGUI's default is '*')
    app.add_middleware(BaseHTTPMiddleware, dispatch=_guard)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)
    return hosts


class _Users:
    exist = False  # once true it stays true: accounts are never deleted, only deactivated


async def _guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    try:
        return await _checked(request, call_next)
    except Exception as error:
        if not is_database_outage(error):
            raise
        message = _('Clientbook cannot reach its database right now. Try again in a minute.')
        return _secured(PlainTextResponse(message, status_code=503, headers={'Retry-After': '30'}))


async def _checked(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    path = request.url.path
    if (
        path == HEALTH_PATH
        or path in ASSET_PATHS
        or (path.startswith(ASSET_PREFIX) and not path.startswith(PRIVATE_ASSET_PREFIX))
    ):
        return _secured(await call_next(request))
    if not _Users.exist:
        _Users.exist = await has_users()
    if not _Users.exist:
        if path == '/first-admin' or path.startswith(PUBLIC_PREFIXES):
            return _secured(await call_next(request))
        return RedirectResponse('/first-admin', status_code=303)
    if path == '/first-admin':
        return RedirectResponse('/login', status_code=303)
    if path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES):
        return _secured(await call_next(request))
    info = await resolve(request.cookies.get(session.COOKIE), policy=session.config.policy)
    if info is None:
        return _refuse(request)
    request.state.session = info
    return _secured(await call_next(request))


def _refuse(request: Request) -> Response:
    if request.method == 'GET' and not request.url.path.startswith(PRIVATE_ASSET_PREFIX):
        target = request.url.path + (f'?{request.url.query}' if request.url.query else '')
        response: Response = RedirectResponse(f'/login?next={quote(target, safe="/")}', status_code=303)
    else:
        response = JSONResponse({'detail': 'Please sign in'}, status_code=401)
    if session.COOKIE in request.cookies:
        response.delete_cookie(session.COOKIE, path='/')
    return _secured(response)


def _secured(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def mark_users_exist() -> None:
    _Users.exist = True


def forget_users() -> None:
    """At start-up the database may be a different one (tests); look again."""
    _Users.exist = False
