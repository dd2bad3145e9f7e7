"""`GET /healthz` for monitors and proxies: no login, no data; 200 when this process can serve, else 503."""

from __future__ import annotations

from fastapi.responses import JSONResponse
from nicegui import app

from services.core.event_bridge import current_bridge
from services.core.pg import is_postgres
from services.ops.health import check_health
from ui import runtime
from ui.ops.runtime import settings

PATH = '/healthz'


async def healthz() -> JSONResponse:
    current = settings()
    try:
        worker = runtime.mailer().worker_alive()
    except RuntimeError:
        worker = False
    bridge = current_bridge()
    events = None if not is_postgres(current.resolved_database_url()) else bridge is not None and bridge.listening
    health = await check_health(backups=current.backups_dir, outbox_worker=worker, events=events)
    return JSONResponse(health.as_json(), status_code=200 if health.ok else 503, headers={'Cache-Control': 'no-store'})


def register() -> None:
    """Idempotent: the test fixture runs `main.py` again for every test."""
    if not any(getattr(route, 'path', '') == PATH for route in app.routes):
        app.add_api_route(PATH, healthz, methods=['GET'], include_in_schema=False)
