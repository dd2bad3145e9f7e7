"""Undoing an import batch (admins only): the customers it created are deleted and the fields it overwrote are
restored through the one write path, unless something newer touched them; then nothing is undone and the
customers in the way are named.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from models import Customer, CustomFieldValue, ImportBatch, ImportChange, ImportStatus, Invoice, Note
from services.core import audit
from services.core.actors import Actor, require_admin
from services.core.errors import ClientbookError, NotFound
from services.core.events import CustomerChanged, customer_changed
from services.core.i18n import _
from services.customers.edit.change import change_customer


class UndoBlocked(ClientbookError):
    """Customers of the batch were changed after it; `numbers` says which (customer numbers)."""

    def __init__(self, numbers: list[str]) -> None:
        super().__init__(
            _('Nothing was undone: these customers were changed after the import: {numbers}').format(
                numbers=', '.join(numbers)
            )
        )
        self.numbers = numbers


@dataclass(frozen=True)
class UndoResult:
    deleted: int
    restored: int


async def undo_import(batch_id: int, *, by: Actor) -> UndoResult:
    """Undo a finished or cancelled batch.

    Raises:
        PermissionDenied: `by` is not an admin.
        NotFound: no such batch, or it was undone already.
        UndoBlocked: a customer of the batch was edited, invoiced or given a note after the import.
    """
    require_admin(by)
    batch = await ImportBatch.get_or_none(id=batch_id)
    if batch is None or batch.status in (ImportStatus.UNDONE, ImportStatus.RUNNING):
        raise NotFound(_('This import cannot be undone (it is running or was undone already)'))
    changes = await ImportChange.filter(batch_id=batch_id).order_by('-id')
    ids = [change.customer_id for change in changes]
    customers = {c.id: c for c in await Customer.filter(id__in=ids)}
    since = batch.finished_at or batch.started_at
    invoiced = await Invoice.filter(customer_id__in=ids).values('customer_id')
    noted = await Note.filter(customer_id__in=ids, created_at__gt=since).values('customer_id')
    touched = {int(row['customer_id']) for row in [*invoiced, *noted]}
    blocked = []
    for change in changes:
        customer = customers.get(change.customer_id)
        if customer is None or customer.erased_at is not None:
            continue
        if customer.version != change.version or (change.created and customer.id in touched):
            blocked.append(customer.number)
    if blocked:
        raise UndoBlocked(sorted(blocked))
    deleted = restored = 0
    for change in changes:
        customer = customers.get(change.customer_id)
        if customer is None or customer.erased_at is not None:
            continue
        if change.created:
            async with in_transaction() as conn:
                await Note.filter(customer_id=customer.id).using_db(conn).delete()
                await CustomFieldValue.filter(customer_id=customer.id).using_db(conn).delete()
                await customer.categories.clear(using_db=conn)
                await customer.delete(using_db=conn)
            customer_changed.publish(CustomerChanged(customer.id, customer.number, 'deleted'))
            deleted += 1
        else:
            await change_customer(
                customer.id, change.before, expected_version=change.version, by=by, action='customer.import_undo',
                detail=batch.name[:200],
            )  # fmt: skip
            restored += 1
    batch.status = ImportStatus.UNDONE
    batch.undone_at = datetime.now(UTC)
    await batch.save()
    await audit.record('customer.import_undo', by=by, entity='import', entity_id=batch.id, detail=batch.name[:200])
    return UndoResult(deleted, restored)
