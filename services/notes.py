"""Private notes on customers: only people with notes access read or write them."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from models import Customer, Note, NoteKind

from .actors import Actor, require_notes_access
from .errors import NotFound


class NoteView(BaseModel):
    id: int
    kind: NoteKind
    body: str
    pinned: bool
    author_name: str
    created_at: datetime


async def list_notes(customer_id: int, *, by: Actor) -> list[NoteView]:
    """Pinned notes first, then newest first."""
    require_notes_access(by)
    if not await Customer.filter(id=customer_id).exists():
        raise NotFound(f'No customer {customer_id}')
    notes = (
        await Note.filter(customer_id=customer_id).select_related('author').order_by('-pinned', '-created_at', '-id')
    )
    return [
        NoteView(
            id=note.id,
            kind=note.kind,
            body=note.body,
            pinned=note.pinned,
            created_at=note.created_at,
            author_name=note.author.display_name if note.author else '',
        )
        for note in notes
    ]
