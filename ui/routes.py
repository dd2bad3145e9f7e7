"""Custom HTTP routes (downloads). All are registered here on one router, so one guard protects them all."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import FileResponse, Response
from nicegui import app

from services.core.actors import Actor
from services.core.errors import NotFound, PermissionDenied
from services.core.i18n import _
from services.invoicing.company_profile import get_logo
from services.ops.backup import NAME as BACKUP_NAME
from services.ops.backup import BackupFailed, backup_for_download
from ui.access.session import require_session
from ui.ops.runtime import settings
from ui.runtime import mailer

router = APIRouter(prefix='/downloads', dependencies=[Depends(require_session)])
SAFE_HEADERS = {'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store'}
MAIL_ID = re.compile(r'^\d{8}T\d{12}-[0-9a-f]{8}$')
LOGO_ID = re.compile(r'^[0-9a-f]{64}$')


@router.get('/invoices/{invoice_id}.pdf')
async def invoice_pdf(invoice_id: int) -> Response:
    try:
        filename, data = await mailer().invoice_pdf(invoice_id)
    except NotFound as error:
        raise HTTPException(404, _('Not found')) from error
    return _attachment(data, 'application/pdf', filename)


@router.get('/mailbox/{mail_id}/{index}')
async def mailbox_attachment(mail_id: str, index: int) -> Response:
    box = mailer().dev_mailbox
    if box is None or not MAIL_ID.match(mail_id) or index < 0:
        raise HTTPException(404, _('Not found'))
    try:
        filename, content_type, data = await box.attachment(mail_id, index)
    except NotFound as error:
        raise HTTPException(404, _('Not found')) from error
    return _attachment(
        data, 'application/pdf' if content_type == 'application/pdf' else 'application/octet-stream', filename
    )


@router.get('/logo/{sha256}')
async def logo(sha256: str) -> Response:
    if not LOGO_ID.match(sha256):
        raise HTTPException(404, _('Not found'))
    try:
        stored = await get_logo(sha256)
    except NotFound as error:
        raise HTTPException(404, _('Not found')) from error
    return Response(stored.data, media_type=stored.content_type, headers={**SAFE_HEADERS, 'Cache-Control': 'private'})


@router.get('/backups/{name}')
async def backup_archive(name: str, actor: Annotated[Actor, Depends(require_session)]) -> Response:
    """A whole backup (every customer's data): admins only, and recorded in the audit log."""
    if not BACKUP_NAME.match(name):
        raise HTTPException(404, _('Not found'))
    try:
        found = await backup_for_download(settings(), name, by=actor)
    except PermissionDenied as error:
        raise HTTPException(403, _('Only admins may download backups')) from error
    except BackupFailed as error:
        raise HTTPException(404, _('Not found')) from error
    return FileResponse(found.path, media_type='application/gzip', filename=found.name, headers=SAFE_HEADERS)


def register_routes() -> None:
    """Idempotent: `main.py` runs again for every test of the User fixture, which resets the app's routes."""
    paths = {getattr(route, 'path', '') for route in app.routes}
    if not all(route.path in paths for route in router.routes if hasattr(route, 'path')):
        app.include_router(router)


def _attachment(data: bytes, media_type: str, filename: str) -> Response:
    disposition = f"attachment; filename*=UTF-8''{quote(filename)}"
    return Response(data, media_type=media_type, headers={**SAFE_HEADERS, 'Content-Disposition': disposition})
