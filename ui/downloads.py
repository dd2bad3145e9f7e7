"""File downloads over HTTP, each checked against the session: attachments, page previews, one-time exports."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends
from nicegui import app, ui
from starlette.responses import FileResponse, Response

from services.core.actors import Actor
from services.core.errors import NotFound, PermissionDenied
from services.core.i18n import _
from services.notes.attachments import open_attachment, render_page
from ui.access.session import require_session

TICKET_SECONDS = 120.0
SignedIn = Annotated[Actor, Depends(require_session)]  # the same guard as every route in ui/routes.py


@dataclass(frozen=True)
class _Offer:
    user_id: int | None
    filename: str
    content_type: str
    content: bytes
    expires: float


_offers: dict[str, _Offer] = {}


def register() -> None:
    app.get('/attachments/{attachment_id}', include_in_schema=False)(download_attachment)
    app.get('/attachments/{attachment_id}/pages/{page}', include_in_schema=False)(attachment_page)
    app.get('/exports/{ticket}', include_in_schema=False)(download_offer)


def offer(content: bytes, filename: str, content_type: str, *, by: Actor) -> None:
    """Let this user's browser download `content` once, within two minutes (no bytes through the websocket)."""
    now = time.monotonic()
    for key in [key for key, item in _offers.items() if item.expires < now]:
        del _offers[key]
    ticket = secrets.token_urlsafe(24)
    _offers[ticket] = _Offer(by.id, filename, content_type, content, now + TICKET_SECONDS)
    ui.download.from_url(f'/exports/{ticket}')


async def download_attachment(attachment_id: int, actor: SignedIn) -> Response:
    try:
        file = await open_attachment(attachment_id, by=actor)
    except PermissionDenied:
        return Response(_('You have no access to notes and attachments.'), status_code=403)
    except NotFound:
        return Response(_('No such attachment.'), status_code=404)
    return FileResponse(
        file.path,
        media_type='application/pdf',
        filename=file.download_name,
        headers={'Cache-Control': 'private, no-store'},
    )


async def attachment_page(attachment_id: int, page: int, actor: SignedIn) -> Response:
    try:
        png = await render_page(attachment_id, page, by=actor)
    except PermissionDenied:
        return Response(_('You have no access to notes and attachments.'), status_code=403)
    except NotFound:
        return Response(_('No such page.'), status_code=404)
    return Response(png, media_type='image/png', headers={'Cache-Control': 'private, no-store'})


async def download_offer(ticket: str, actor: SignedIn) -> Response:
    item = _offers.get(ticket)
    if item is None or item.expires < time.monotonic() or item.user_id != actor.id:
        return Response(_('This download has expired. Start it again.'), status_code=404)
    del _offers[ticket]
    disposition = f"attachment; filename*=UTF-8''{quote(item.filename)}"
    return Response(
        item.content,
        media_type=item.content_type,
        headers={'Content-Disposition': disposition, 'Cache-Control': 'private, no-store'},
    )
