"""'Export data': everything stored about one customer, as a ZIP of JSON plus the attachment files."""

from __future__ import annotations

import asyncio
import io
import json
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from models import Attachment
from services.core import audit
from services.core.actors import Actor, require_admin
from services.customers.edit.history import customer_history
from services.customers.views import get_customer_by_id
from services.invoicing.views import customer_invoices
from services.notes.files import store
from services.notes.notes import list_notes

EXPORT_SECTIONS = ('customer', 'categories', 'custom_fields', 'notes', 'history', 'invoices')


async def export_customer(customer_id: int, *, by: Actor) -> tuple[str, bytes]:
    """(file name, ZIP bytes). Notes and attachments are included only when the admin has notes access."""
    require_admin(by)
    view = await get_customer_by_id(customer_id)
    document: dict[str, Any] = {
        'exported_at': datetime.now(UTC).isoformat(),
        'exported_by': by.name,
        'customer': view.model_dump(mode='json', exclude={'categories', 'custom'}),
        'categories': [category.name for category in view.categories],
        'custom_fields': [value.model_dump(mode='json') for value in view.custom],
        'history': [item.model_dump(mode='json') for item in await customer_history(customer_id, by=by)],
        'invoices': (await customer_invoices(view.number)).model_dump(mode='json'),
    }
    files: list[tuple[str, Path]] = []
    if by.can_view_notes:
        notes = await list_notes(customer_id, by=by)
        document['notes'] = [note.model_dump(mode='json') for note in notes]
        stored = {a.id: a.stored_name for a in await Attachment.filter(note__customer_id=customer_id)}
        for note in notes:
            for attachment in note.attachments:
                files.append(
                    (
                        f'attachments/{attachment.id}-{_safe(attachment.original_name)}',
                        store.path(stored[attachment.id]),
                    )
                )
    else:
        document['notes'] = 'withheld: the exporting admin has no notes access'
    content = await asyncio.to_thread(_zip, document, files)
    await audit.record('customer.export', by=by, entity='customer', entity_id=customer_id, detail=view.number)
    return f'{view.number}-export.zip', content


def _zip(document: dict[str, Any], files: list[tuple[str, Path]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w', compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr('customer.json', json.dumps(document, ensure_ascii=False, indent=2))
        for name, path in files:
            archive.write(path, name)
    return buffer.getvalue()


def _safe(name: str) -> str:
    return re.sub(r'[^\w.\- ]+', '_', name)[:100] or 'file.pdf'
