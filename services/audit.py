"""Writing the audit log. Entries are never changed or deleted."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.backends.base.client import BaseDBAsyncClient

from models import AuditEntry

from .actors import Actor

MAX_VALUE_LENGTH = 2000


async def record(
    action: str,
    *,
    by: Actor,
    entity: str = '',
    entity_id: int | None = None,
    field: str = '',
    old: object = '',
    new: object = '',
    detail: str = '',
    conn: BaseDBAsyncClient | None = None,
) -> None:
    """Append one entry (inside the caller's transaction when `conn` is given)."""
    await AuditEntry.create(
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
        using_db=conn,
    )


async def record_many(
    action: str, *, by: Actor, entity: str, changes: Sequence[tuple[int, str, object, object]], conn: BaseDBAsyncClient
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
