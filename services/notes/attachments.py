"""PDF attachments on notes: checked on the server, stored under random names, handed out only to notes access."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tortoise.transactions import in_transaction

from models import Attachment, Customer, Note, NoteKind
from services.core import audit
from services.core.actors import Actor, require_notes_access
from services.core.errors import NotFound, ValidationFailed
from services.core.i18n import _
from services.notes.files import store
from services.notes.names import attachment_name
from services.notes.notes import KIND_LABELS, AttachmentView, NoteView, get_note, note_text
from services.notes.pdf_check import PdfFacts, check_pdf

MAX_FILES_PER_NOTE = 10

PREVIEW_DPI = 96


@dataclass(frozen=True)
class AttachmentFile:
    path: Path
    download_name: str
    size: int


@dataclass(frozen=True)
class UploadedFile:
    """A file as the browser sent it: the name it had there (metadata only) and its bytes."""

    name: str
    data: bytes


async def check_upload(file: UploadedFile) -> PdfFacts:
    """The server-side checks every attachment passes (size, %PDF-, parse, no active content), off the event loop.

    Raises:
        ValidationFailed: under 'file', the reason in one sentence.
    """
    return await asyncio.to_thread(check_pdf, file.data, max_bytes=store.max_bytes)


async def add_note_with_files(
    customer_id: int,
    *,
    kind: NoteKind,
    body: str,
    files: Sequence[UploadedFile],
    event_date: date | None = None,
    pinned: bool = False,
    by: Actor,
) -> NoteView:
    """A note and its PDFs in one step: every file is checked first (as `add_attachment` does) and one refused file
    saves nothing. With files the text may be empty. At most `MAX_FILES_PER_NOTE` files.

    Raises:
        ValidationFailed: 'body' (text missing or too long), 'file' (names the refused file and says why).
        NotFound: no such customer.
    """
    require_notes_access(by)
    text = note_text(body, optional=bool(files))
    if len(files) > MAX_FILES_PER_NOTE:
        raise ValidationFailed({'file': _('At most {count} files per note').format(count=MAX_FILES_PER_NOTE)})
    if not await Customer.filter(id=customer_id, erased_at__isnull=True).exists():
        raise NotFound(_('No customer {customer_id}').format(customer_id=customer_id))
    facts: list[PdfFacts] = []
    for file in files:
        try:
            facts.append(await check_upload(file))
        except ValidationFailed as error:
            raise ValidationFailed({'file': f'{attachment_name(file.name)}: {error.errors["file"]}'}) from error
    stored = [await asyncio.to_thread(store.save, file.data) for file in files]
    try:
        async with in_transaction() as conn:
            note = await Note.create(
                customer_id=customer_id, author_id=by.id, kind=kind, body=text, event_date=event_date, pinned=pinned,
                using_db=conn,
            )  # fmt: skip
            await audit.record(
                'note.add', by=by, entity='customer', entity_id=customer_id, detail=KIND_LABELS[kind], new=note.id,
                conn=conn,
            )  # fmt: skip
            for file, fact, (stored_name, sha256) in zip(files, facts, stored, strict=True):
                attachment = await Attachment.create(
                    note_id=note.id, original_name=attachment_name(file.name), stored_name=stored_name,
                    size=len(file.data), sha256=sha256, pages=fact.pages, uploaded_by_id=by.id, using_db=conn,
                )  # fmt: skip
                await audit.record(
                    'attachment.add', by=by, entity='customer', entity_id=customer_id,
                    new=attachment.original_name, detail=f'note {note.id}', conn=conn,
                )  # fmt: skip
    except BaseException:
        for stored_name, _sha256 in stored:
            store.delete(stored_name)
        raise
    return await get_note(note.id, by=by)


async def add_attachment(note_id: int, *, filename: str, data: bytes, by: Actor) -> AttachmentView:
    """Check the bytes (size, %PDF-, parse, no active content), store them, and record who added them.

    Raises:
        ValidationFailed: the file was refused; the message says why.
    """
    require_notes_access(by)
    note = await Note.filter(id=note_id, deleted_at__isnull=True).first()
    if note is None:
        raise NotFound(_('No note {note_id}').format(note_id=note_id))
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
        raise NotFound(_('No attachment {attachment_id}').format(attachment_id=attachment_id))
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
        raise NotFound(_('No attachment {attachment_id}').format(attachment_id=attachment_id))
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
    import pypdfium2  # loaded on the first preview (in a worker thread), not at start-up

    document = pypdfium2.PdfDocument(path)
    try:
        if not 0 <= page_index < len(document):
            raise NotFound(_('No page {page}').format(page=page_index + 1))
        image = document[page_index].render(scale=PREVIEW_DPI / 72).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format='PNG')
        return buffer.getvalue()
    finally:
        document.close()
