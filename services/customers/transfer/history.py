"""Past imports, newest first: file, who, when, rows created/updated/unchanged/skipped/rejected and state; and the
rows an import did not take as a CSV with the file's own header row (to fix and import again). Members and admins see
them; undoing one is for admins (`transfer.undo.undo_import`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from models import ImportBatch, ImportStatus, User
from services.core.actors import Actor
from services.core.errors import NotFound
from services.core.i18n import _
from services.customers.transfer.run import rejected_csv

UNDOABLE = frozenset({ImportStatus.DONE, ImportStatus.CANCELLED, ImportStatus.FAILED})


@dataclass(frozen=True)
class PastImport:
    """One import as the list shows it; `by` is the importing user's display name ('' when the user is gone)."""

    id: int
    name: str
    filename: str
    by: str
    started_at: datetime
    finished_at: datetime | None
    undone_at: datetime | None
    status: ImportStatus
    total: int
    done: int
    created: int
    updated: int
    unchanged: int
    skipped: int
    rejected: int

    @property
    def undoable(self) -> bool:
        """Undo is offered for finished, cancelled and failed imports (each committed chunk is undoable)."""
        return self.status in UNDOABLE


async def list_imports(*, by: Actor, limit: int = 50) -> list[PastImport]:
    """The last `limit` imports, newest first. Any signed-in user (admin or member) may see them."""
    del by  # every role may see the list; the parameter keeps the use-case shape (who is asking)
    batches = await ImportBatch.all().order_by('-id').limit(limit)
    user_ids = {batch.created_by_id for batch in batches if batch.created_by_id is not None}  # type: ignore[attr-defined]
    names = dict(await User.filter(id__in=user_ids).values_list('id', 'display_name')) if user_ids else {}
    return [
        PastImport(
            id=batch.id,
            name=batch.name,
            filename=batch.filename,
            by=str(names.get(batch.created_by_id, '')),  # type: ignore[attr-defined]
            started_at=batch.started_at,
            finished_at=batch.finished_at,
            undone_at=batch.undone_at,
            status=batch.status,
            total=batch.total,
            done=batch.done,
            created=batch.created,
            updated=batch.updated,
            unchanged=batch.unchanged,
            skipped=batch.skipped,
            rejected=batch.rejected_count,
        )
        for batch in batches
    ]


async def rejected_file(batch_id: int, *, by: Actor) -> tuple[str, bytes]:
    """(file name, CSV bytes) of the rows import `batch_id` did not take, with `Row`, `Reason` and the file's columns.

    Raises:
        NotFound: no such import.
    """
    del by  # admins and members alike
    batch = await ImportBatch.get_or_none(id=batch_id)
    if batch is None:
        raise NotFound(_('No such import'))
    width = max((len(row) - 2 for row in batch.rejected), default=0)
    headers = list(batch.headers or [])
    headers += [_('Column {number}').format(number=n + 1) for n in range(len(headers), width)]
    stem = (batch.filename.rsplit('.', 1)[0] or 'import')[:80]
    return f'{stem}-not-imported.csv', rejected_csv(headers, batch)
