"""PDF attachments on notes: checked on the server, stored under random names, handed out only to notes access."""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass
from pathlib import Path

import pypdfium2

from models import Attachment, Note
from services.core import audit
from services.core.actors import Actor, require_notes_access
from services.core.errors import NotFound
from services.notes.files import store
from services.notes.names import attachment_name
from services.notes.notes import AttachmentView
from services.notes.pdf_check import check_pdf

PREVIEW_DPI = 96


@dataclass(frozen=True)
class AttachmentFile:
    path: Path
    download_name: str
    size: int


async def add_attachment(note_id: int, *, filename: str, data: bytes, by: Actor) -> AttachmentView:
    """Check the bytes (size, %PDF-, parse, no active content), store them, and record who added them.

    Raises:
        ValidationFailed: the file was refused; the message says why.
    """
    require_notes_access(by)
    note = await Note.filter(id=note_id, deleted_at__isnull=True).first()
    if note is None:
        raise NotFound(f'No note {note_id}')
    facts = await asyncio.to_thread(check_pdf, data, max_bytes=store.max_bytes)
    stored_name, sha256 = await asyncio.to_thread(store.save, data)
    attachment = await Attachment.create(
        note_id=note_id,
        original_name=attachment_name(filename),
        stored_name=stored_name,
        size=len(data),
        sha256=sha256,
        pages=facts.pages,
        uploaded_by_id=by.id,
    )
    await audit.record(
        'attachment.add',
        by=by,
        entity='customer',
        entity_id=note.customer_id,
        new=attachment.original_name,
        detail=f'note {note_id}',
    )
    return AttachmentView(
        id=attachment.id,
        original_name=attachment.original_name,
        size=attachment.size,
        pages=attachment.pages,
        uploaded_by_name=by.name,
        created_at=attachment.created_at,
    )


async def open_attachment(attachment_id: int, *, by: Actor) -> AttachmentFile:
    """The file of an attachment on a live note, for a download by someone with notes access."""
    require_notes_access(by)
    attachment = await Attachment.filter(id=attachment_id, note__deleted_at__isnull=True).first()
    if attachment is None:
        raise NotFound(f'No attachment {attachment_id}')
    # Names stored before they were cleaned are cleaned on the way out.
    return AttachmentFile(
        store.path(attachment.stored_name), attachment_name(attachment.original_name), attachment.size
    )


async def render_page(attachment_id: int, page: int, *, by: Actor) -> bytes:
    """Page `page` (0-based) as a PNG, rendered on the server: the browser never runs the PDF."""
    file = await open_attachment(attachment_id, by=by)
    return await asyncio.to_thread(_render, file.path, page)


async def delete_attachment(attachment_id: int, *, by: Actor) -> None:
    require_notes_access(by)
    attachment = await Attachment.filter(id=attachment_id).select_related('note').first()
    if attachment is None:
        raise NotFound(f'No attachment {attachment_id}')
    await attachment.delete()
    store.delete(attachment.stored_name)
    await audit.record(
        'attachment.delete',
        by=by,
        entity='customer',
        entity_id=attachment.note.customer_id,
        old=attachment.original_name,
    )


def _render(path: Path, page_index: int) -> bytes:
    document = pypdfium2.PdfDocument(path)
    try:
        if not 0 <= page_index < len(document):
            raise NotFound(f'No page {page_index + 1}')
        image = document[page_index].render(scale=PREVIEW_DPI / 72).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format='PNG')
        return buffer.getvalue()
    finally:
        document.close()
