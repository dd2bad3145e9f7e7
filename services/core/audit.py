"""Writing the audit log. Entries are never changed or deleted."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from pydantic import BaseModel
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q

from models import AuditEntry
from services.core.actors import Actor, require_admin

MAX_VALUE_LENGTH = 2000


async def record(
    action: str,
    *,
    by: Actor | None,
    who: str = '',
    client_address: str = '',
    entity: str = '',
    entity_id: int | None = None,
    field: str = '',
    old: object = '',
    new: object = '',
    detail: str = '',
    conn: BaseDBAsyncClient | None = None,
) -> None:
    """Append one entry (inside the caller's transaction when `conn` is given).

    `by` is the acting user; for anonymous events (a failed login) pass `who` and `client_address` instead.
    """
    await AuditEntry.create(
        actor_id=by.id if by else None,
        actor_name=(by.name if by else who)[:100],
        action=action,
        entity=entity,
        entity_id=entity_id,
        field=field,
        old_value=_text(old),
        new_value=_text(new),
        detail=detail[:200],
        client_address=by.client_address if by else client_address,
        using_db=conn,
    )


async def record_many(
    action: str,
    *,
    by: Actor,
    entity: str,
    changes: Sequence[tuple[int, str, object, object]],
    detail: str = '',
    conn: BaseDBAsyncClient,
) -> None:
    """Append one entry per (entity id, field, old, new) in a single insert, inside the caller's transaction."""
    await AuditEntry.bulk_create(
        [
            AuditEntry(
                actor_id=by.id,
                actor_name=by.name,
                action=action,
                entity=entity,
                entity_id=entity_id,
                field=field,
                old_value=_text(old),
                new_value=_text(new),
                detail=detail[:200],
                client_address=by.client_address,
            )
            for entity_id, field, old, new in changes
        ],
        using_db=conn,
    )


def _text(value: object) -> str:
    if value is None:
        return ''
    if isinstance(value, list | tuple | set):
        value = ', '.join(sorted(str(item) for item in value))
    return str(value)[:MAX_VALUE_LENGTH]


class AuditView(BaseModel):
    id: int
    at: datetime
    actor_name: str
    action: str
    entity: str
    entity_id: int | None
    field: str
    old_value: str
    new_value: str
    detail: str
    client_address: str


class AuditPage(BaseModel):
    rows: list[AuditView]
    total: int
    page: int
    per_page: int
    actions: list[str]


async def list_entries(
    *,
    by: Actor,
    page: int = 1,
    per_page: int = 50,
    action: str = '',
    search: str = '',
    since: date | None = None,
    until: date | None = None,
) -> AuditPage:
    """Newest first, filtered by action, by a text in who/what/detail, and by date (inclusive)."""
    require_admin(by)
    query = AuditEntry.all()
    if action:
        query = query.filter(action=action)
    if search:
        query = query.filter(
            Q(actor_name__icontains=search)
            | Q(detail__icontains=search)
            | Q(client_address__icontains=search)
            | Q(old_value__icontains=search)
            | Q(new_value__icontains=search)
        )
    if since:
        query = query.filter(at__gte=datetime.combine(since, time.min, UTC))
    if until:
        query = query.filter(at__lt=datetime.combine(until + timedelta(days=1), time.min, UTC))
    per_page = max(1, min(per_page, 200))
    total = await query.count()
    entries = await query.order_by('-at', '-id').offset((max(page, 1) - 1) * per_page).limit(per_page)
    actions = sorted(await AuditEntry.all().distinct().values_list('action', flat=True))
    rows = [AuditView.model_validate(entry, from_attributes=True) for entry in entries]
    return AuditPage(rows=rows, total=total, page=max(page, 1), per_page=per_page, actions=[str(a) for a in actions])
