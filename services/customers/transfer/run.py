"""Running an import: rows written in chunks, each chunk of new customers in its own transaction; updates go through
the one write path (`edit.change.change_customer`). Every change is recorded in an `ImportBatch` for undo.

Progress is reported after each chunk through `progress(done, total)`; `cancelled()` is asked between chunks, so a
cancelled import leaves every finished chunk complete (and undoable).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from models import Customer, CustomFieldValue, ImportBatch, ImportChange, ImportStatus, Note
from services.core import audit
from services.core.actors import Actor
from services.core.errors import ClientbookError
from services.core.events import CustomerChanged, customer_changed
from services.core.numbering import customer_number, reserve_values
from services.core.values.checks import storable
from services.customers.categories import category_key, ensure_categories
from services.customers.csv_export import csv_cell
from services.customers.edit.change import change_customer
from services.customers.transfer.bulk import customer_values, insert_customers, insert_links
from services.customers.transfer.preview import ImportOptions, Preview, RowVerdict, cells_of, preview_import
from services.customers.transfer.table import Table

CHUNK = 500


async def run_import(
    table: Table,
    options: ImportOptions,
    *,
    by: Actor,
    name: str,
    filename: str = '',
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    preview: Preview | None = None,
) -> ImportBatch:
    """Import the rows the preview calls `new` or `update`; the others are kept as rejected rows with reasons.

    `preview`: the one the user saw; its rows' checks are reused for the rows not changed since (matching is done
    again, on the database as it is now)."""
    preview = await preview_import(table, options, by=by, earlier=preview)
    batch = await ImportBatch.create(
        name=storable(name[:200]), filename=storable(filename[:200]), total=len(table.rows), created_by_id=by.id,
        rejected=[], headers=storable(list(table.headers)),
    )  # fmt: skip
    rejected = [_rejected(table, options, v) for v in preview.verdicts if v.verdict in ('invalid', 'duplicate')]
    batch.rejected, batch.rejected_count = rejected, len(rejected)
    batch.unchanged = sum(1 for v in preview.verdicts if v.verdict == 'unchanged')
    batch.skipped = sum(1 for v in preview.verdicts if v.verdict == 'skipped')
    todo = [v for v in preview.verdicts if v.verdict in ('new', 'update')]
    batch.done = len(preview.verdicts) - len(todo)
    try:
        for start in range(0, len(todo), CHUNK):
            if cancelled is not None and cancelled():
                batch.status = ImportStatus.CANCELLED
                break
            chunk = todo[start : start + CHUNK]
            await _create([v for v in chunk if v.verdict == 'new'], batch, by)
            for verdict in (v for v in chunk if v.verdict == 'update'):
                await _update(verdict, batch, by, table, options)
            batch.done += len(chunk)
            await batch.save()
            if progress is not None:
                progress(batch.done, batch.total)
        else:
            batch.status = ImportStatus.DONE
    except Exception as error:
        batch.status = ImportStatus.FAILED
        batch.message = str(error)[:500]
        raise
    finally:
        batch.finished_at = datetime.now(UTC)
        await batch.save()
        await audit.record('customer.import', by=by, entity='import', entity_id=batch.id, detail=batch.name[:200])
    return batch


async def _create(verdicts: list[RowVerdict], batch: ImportBatch, by: Actor) -> None:
    """One transaction for the chunk's new customers (the same columns registration writes, no welcome invoice):
    numbers reserved at once, customers, category links, notes, custom values and undo records inserted in bulk."""
    if not verdicts:
        return
    now = datetime.now(UTC)
    async with in_transaction() as conn:
        numbers = await reserve_values('customer', len(verdicts), conn)
        rows = [row for row in (v.new_row for v in verdicts) if row is not None]  # each decoded once
        assert len(rows) == len(verdicts)
        made = [customer_values(row, customer_number(n), by, now) for row, n in zip(rows, numbers, strict=True)]
        ids = await insert_customers(made, conn)
        created = [(ids[customer['number']], customer['number']) for customer in made]
        names = sorted({name for row in rows for name in row.categories})
        categories = {category_key(c.name): c.id for c in await ensure_categories(names, conn)}
        links = [
            [customer_id, categories[category_key(name)]]
            for (customer_id, _), row in zip(created, rows, strict=True)
            for name in row.categories
            if category_key(name) in categories
        ]
        await insert_links(links, conn)
        notes, values = [], []
        for (customer_id, _), row in zip(created, rows, strict=True):
            if row.note and by.can_view_notes:
                notes.append(Note(customer_id=customer_id, author_id=by.id, body=row.note))
            for definition_id, columns in row.custom:
                values.append(CustomFieldValue(customer_id=customer_id, definition_id=definition_id, **columns))
        if notes:
            await Note.bulk_create(notes, using_db=conn)
        if values:
            await CustomFieldValue.bulk_create(values, using_db=conn)
        changes = [ImportChange(batch=batch, customer_id=i, created=True, before={}, version=1) for i, _ in created]
        await ImportChange.bulk_create(changes, using_db=conn)
    batch.created += len(created)
    for customer_id, number in created:
        customer_changed.publish(CustomerChanged(customer_id, number, 'created'))


async def _update(verdict: RowVerdict, batch: ImportBatch, by: Actor, table: Table, options: ImportOptions) -> None:
    """Through the one write path; a row it refuses (someone else saved, a field does not fit) becomes rejected."""
    assert verdict.customer_id is not None
    customer = await Customer.get(id=verdict.customer_id).prefetch_related('categories')
    before = {key: _stored(customer, key) for key in verdict.changes}
    try:
        view = await change_customer(
            customer.id, verdict.changes, expected_version=customer.version, by=by, action='customer.import',
            detail=batch.name[:200],
        )  # fmt: skip
    except ClientbookError as error:
        verdict.problems[-1] = (getattr(error, 'errors', None) and '; '.join(error.errors.values())) or str(error)  # type: ignore[attr-defined]
        batch.rejected = [*batch.rejected, _rejected(table, options, verdict)]
        batch.rejected_count += 1
        return
    await ImportChange.create(batch=batch, customer_id=customer.id, created=False, before=before, version=view.version)
    batch.updated += 1


def _stored(customer: Customer, key: str) -> object:
    if key == 'payment_terms':
        return '' if customer.payment_terms_days is None else str(customer.payment_terms_days)
    if key == 'categories':
        return [category.name for category in customer.categories]
    value = getattr(customer, key)
    return value.value if hasattr(value, 'value') else value


def _rejected(table: Table, options: ImportOptions, verdict: RowVerdict) -> list[object]:
    return storable([table.row_numbers[verdict.index], verdict.reason, *cells_of(table, options, verdict.index)])


def rejected_csv(table_headers: list[str], batch: ImportBatch) -> bytes:
    """The rows not imported, with the file's own columns plus `Row` and `Reason`, ready to fix and import again."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(['Row', 'Reason', *table_headers])
    for row in batch.rejected:
        writer.writerow([csv_cell(str(cell)) for cell in row])
    return buffer.getvalue().encode('utf-8-sig')


__all__ = ['CHUNK', 'ImportOptions', 'Preview', 'rejected_csv', 'run_import']
