"""Writing the audit log. Entries are never changed or deleted."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from pydantic import BaseModel
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q

from models import AuditEntry, Customer, Invoice, Product, User
from services.core.actors import Actor, require_admin
from services.core.clock import company_zone
from services.core.i18n import N_, Translated
from services.core.paging import MAX_PAGE

MAX_VALUE_LENGTH = 2000
# What each action is called in the audit log (codes stay English and stable in the database).
ACTION_NAMES = Translated(
    {
        'attachment.add': N_('Attachment added'),
        'attachment.delete': N_('Attachment removed'),
        'backup.download': N_('Backup downloaded'),
        'backup.run': N_('Backup made'),
        'custom_field.create': N_('Custom field added'),
        'custom_field.update': N_('Custom field changed'),
        'customer.archive': N_('Customer archived'),
        'customer.create': N_('Customer registered'),
        'customer.delete': N_('Customer deleted'),
        'customer.erase': N_('Personal data erased'),
        'customer.export': N_('Data exported'),
        'customer.import': N_('Customers imported'),
        'customer.import_undo': N_('Customer import undone'),
        'customer.merge': N_('Customers merged'),
        'customer.merged': N_('Merged into another customer'),
        'customer.restore': N_('Customer restored'),
        'customer.revert': N_('Change reverted'),
        'customer.update': N_('Customer changed'),
        'invoice.create': N_('Invoice created'),
        'invoice.void': N_('Invoice voided'),
        'login.failure': N_('Sign-in failed'),
        'login.success': N_('Signed in'),
        'logout': N_('Signed out'),
        'message.cancel': N_('Email cancelled'),
        'message.mark_delivered': N_('Email marked as delivered'),
        'message.retry': N_('Email sent again'),
        'note.add': N_('Note added'),
        'note.delete': N_('Note deleted'),
        'note.edit': N_('Note edited'),
        'note.restore': N_('Note restored'),
        'payment.record': N_('Payment recorded'),
        'product.archive': N_('Product removed'),
        'product.change': N_('Product changed'),
        'product.create': N_('Product added'),
        'session.end': N_('Session ended'),
        'settings.change': N_('Settings changed'),
        'settings.default_country': N_('Default country changed'),
        'settings.required_fields': N_('Required fields changed'),
        'settings.test_email': N_('Test email sent'),
        'user.activate': N_('Account activated'),
        'user.create': N_('Team member added'),
        'user.deactivate': N_('Account deactivated'),
        'user.notes_access': N_('Notes access changed'),
        'user.password_change': N_('Password changed'),
        'user.password_change_refused': N_('Password change refused'),
        'user.password_reset': N_('Password reset'),
        'user.role': N_('Role changed'),
        'user.setup': N_('Account set up'),
    }
)
# What each entry is about (the "Target" column); codes stay English in the database.
ENTITY_NAMES = Translated(
    {
        'backup': N_('Backup'),
        'company': N_('Company settings'),
        'custom_field': N_('Custom field'),
        'customer': N_('Customer'),
        'import': N_('Import'),
        'invoice': N_('Invoice'),
        'message': N_('Email'),
        'product': N_('Product'),
        'user': N_('User'),
    }
)


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
    target: str = ''  # what a person calls the entity: customer or invoice number, user's email, product name
    about: str = ''  # the target and the detail, the target named once (the "On" column after the entity's kind)


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
    """Newest first, filtered by action, by a text in who/what/detail, and by date (inclusive, days in the company's
    time zone, as the times are shown). Each row's `target` names the entity as people know it (`C-00042`,
    `INV-2026-0007`, an email, a product name), read in one query per kind; '' when it no longer exists."""
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
    zone = company_zone()
    if since:
        query = query.filter(at__gte=datetime.combine(since, time.min, zone).astimezone(UTC))
    if until:
        query = query.filter(at__lt=datetime.combine(until + timedelta(days=1), time.min, zone).astimezone(UTC))
    per_page = max(1, min(per_page, 200))
    total = await query.count()
    page = max(1, min(page, MAX_PAGE, -(-total // per_page)))  # past the last page: the last page
    entries = await query.order_by('-at', '-id').offset((page - 1) * per_page).limit(per_page)
    actions = sorted(await AuditEntry.all().distinct().values_list('action', flat=True))
    rows = [AuditView.model_validate(entry, from_attributes=True) for entry in entries]
    names = await _target_names(rows)
    for row in rows:
        row.target = names.get((row.entity, row.entity_id), '')
        row.about = name_once(row.target or (f'#{row.entity_id}' if row.entity_id else ''), row.detail)
    return AuditPage(rows=rows, total=total, page=page, per_page=per_page, actions=[str(a) for a in actions])


def name_once(name: str, detail: str) -> str:
    """`name` followed by `detail`, unless the detail already names it: many entries were written with the name as
    (part of) their detail (a registration's, an export's or an erasure's customer number, an invoice's number when
    created or voided, `2026-0007 payment 3`, a merge's `C-00002 merged into C-00001: …`, a product's name)."""
    if not name or re.search(rf'(?<![\w-]){re.escape(name)}(?![\w-])', detail):
        return detail or name
    return f'{name} {detail}'.strip()


# How each kind of entity is named to a person: (model, field). Other kinds (message, import, ...) keep their id.
_TARGET_FIELDS: dict[str, tuple[type[Customer | Invoice | User | Product], str]] = {
    'customer': (Customer, 'number'),
    'invoice': (Invoice, 'number'),
    'user': (User, 'email'),
    'product': (Product, 'name'),
}


async def _target_names(rows: Sequence[AuditView]) -> dict[tuple[str, int | None], str]:
    names: dict[tuple[str, int | None], str] = {}
    for entity, (model, field) in _TARGET_FIELDS.items():
        ids = {row.entity_id for row in rows if row.entity == entity and row.entity_id is not None}
        if ids:
            found = await model.filter(id__in=ids).values_list('id', field)
            names.update(((entity, int(pk)), str(name)) for pk, name in found)
    return names
