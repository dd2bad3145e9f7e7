"""Private notes on customers: only people with notes access read or write them (or their attachments)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from pydantic import BaseModel

from models import Attachment, Customer, Note, NoteKind
from services.core import audit
from services.core.actors import Actor, require_notes_access
from services.core.errors import NotFound, ValidationFailed
from services.core.i18n import N_, Translated, _
from services.core.values.validation import clean
from services.notes.names import attachment_name

MAX_NOTE_LENGTH = 10_000
KIND_LABELS = Translated(
    {
        NoteKind.GENERAL: N_('General'),
        NoteKind.EVENT: N_('Important event'),
        NoteKind.AGREEMENT: N_('Agreement'),
        NoteKind.CONTACT: N_('Contact info'),
    }
)


class AttachmentView(BaseModel):
    id: int
    original_name: str
    size: int
    pages: int
    uploaded_by_name: str
    created_at: datetime


class NoteView(BaseModel):
    id: int
    kind: NoteKind
    body: str
    event_date: date | None
    pinned: bool
    author_name: str
    created_at: datetime
    attachments: list[AttachmentView] = []


async def list_notes(customer_id: int, *, by: Actor) -> list[NoteView]:
    """Pinned notes first, then newest first; deleted ones are left out."""
    require_notes_access(by)
    if not await Customer.filter(id=customer_id).exists():
        raise NotFound(_('No customer {customer_id}').format(customer_id=customer_id))
    notes = (
        await Note.filter(customer_id=customer_id, deleted_at__isnull=True)
        .select_related('author')
        .prefetch_related('attachments', 'attachments__uploaded_by')
        .order_by('-pinned', '-created_at', '-id')
    )
    return [_view(note) for note in notes]


async def add_note(
    customer_id: int, *, kind: NoteKind, body: str, event_date: date | None = None, pinned: bool = False, by: Actor
) -> NoteView:
    require_notes_access(by)
    customer = await Customer.filter(id=customer_id, erased_at__isnull=True).first()
    if customer is None:
        raise NotFound(_('No customer {customer_id}').format(customer_id=customer_id))
    note = await Note.create(
        customer_id=customer_id, author_id=by.id, kind=kind, body=note_text(body), event_date=event_date, pinned=pinned
    )
    await audit.record(
        'note.add', by=by, entity='customer', entity_id=customer_id, detail=KIND_LABELS[kind], new=note.id
    )
    return await get_note(note.id, by=by)


async def update_note(
    note_id: int, *, kind: NoteKind, body: str, event_date: date | None, pinned: bool, by: Actor
) -> NoteView:
    note = await _note(note_id, by)
    has_files = await Attachment.filter(note_id=note.id).exists()
    note.kind, note.body, note.event_date, note.pinned = kind, note_text(body, optional=has_files), event_date, pinned
    await note.save(update_fields=['kind', 'body', 'event_date', 'pinned', 'updated_at'])
    await audit.record(
        'note.edit',
        by=by,
        entity='customer',
        entity_id=note.customer_id,
        detail=KIND_LABELS[kind],
        new=note.id,
    )
    return await get_note(note.id, by=by)


async def delete_note(note_id: int, *, by: Actor) -> None:
    """Hide the note; `restore_note` brings it back (the undo)."""
    note = await _note(note_id, by)
    note.deleted_at = datetime.now(UTC)
    await note.save(update_fields=['deleted_at'])
    await audit.record('note.delete', by=by, entity='customer', entity_id=note.customer_id, old=note.id)


async def restore_note(note_id: int, *, by: Actor) -> NoteView:
    require_notes_access(by)
    note = await Note.filter(id=note_id, deleted_at__isnull=False).first()
    if note is None:
        raise NotFound(_('No deleted note {note_id}').format(note_id=note_id))
    note.deleted_at = None
    await note.save(update_fields=['deleted_at'])
    await audit.record('note.restore', by=by, entity='customer', entity_id=note.customer_id, new=note.id)
    return await get_note(note.id, by=by)


async def get_note(note_id: int, *, by: Actor) -> NoteView:
    require_notes_access(by)
    note = (
        await Note.filter(id=note_id, deleted_at__isnull=True)
        .select_related('author')
        .prefetch_related('attachments', 'attachments__uploaded_by')
        .first()
    )
    if note is None:
        raise NotFound(_('No note {note_id}').format(note_id=note_id))
    return _view(note)


async def _note(note_id: int, by: Actor) -> Note:
    require_notes_access(by)
    note = await Note.filter(id=note_id, deleted_at__isnull=True).first()
    if note is None:
        raise NotFound(_('No note {note_id}').format(note_id=note_id))
    return note


def note_text(body: str, *, optional: bool = False) -> str:
    """The note's text as stored; `optional` when files carry the note (else 'A note needs some text')."""
    text = clean(body)
    if not text and not optional:
        raise ValidationFailed({'body': _('A note needs some text')})
    if len(text) > MAX_NOTE_LENGTH:
        raise ValidationFailed({'body': _('At most {count} characters').format(count=MAX_NOTE_LENGTH)})
    return text


def _view(note: Note) -> NoteView:
    attachments: list[Attachment] = sorted(note.attachments, key=lambda a: a.id)
    return NoteView(
        id=note.id,
        kind=note.kind,
        body=note.body,
        event_date=note.event_date,
        pinned=note.pinned,
        author_name=note.author.display_name if note.author else '',
        created_at=note.created_at,
        attachments=[
            AttachmentView(
                id=a.id,
                original_name=attachment_name(a.original_name),  # names stored before cleaning, too
                size=a.size,
                pages=a.pages,
                created_at=a.created_at,
                uploaded_by_name=a.uploaded_by.display_name if a.uploaded_by else '',
            )
            for a in attachments
        ],
    )


__all__ = [
    'KIND_LABELS',
    'AttachmentView',
    'NoteKind',
    'NoteView',
    'add_note',
    'delete_note',
    'get_note',
    'list_notes',
    'note_text',
    'restore_note',
    'update_note',
]
