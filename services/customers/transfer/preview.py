"""What an import would do, row by row: each row becomes a `CustomerDraft` and goes through `check_draft`, the
registration form's own validation (one code path), then is matched against the stored customers.

Verdicts: `new`, `update`, `unchanged`, `invalid` (with the problems per column), `duplicate` (the same match key
as an earlier row of the file) and `skipped` (the user chose to leave it out).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from models import Customer
from services.core.actors import Actor
from services.core.i18n import N_, _
from services.customers.custom_fields import list_definitions
from services.customers.drafts import required_for
from services.customers.registration_settings import get_company_settings
from services.customers.transfer.checking import Checked, check_table, rules_for
from services.customers.transfer.rows import KINDS, RowVerdict, country_code, row_draft
from services.customers.transfer.table import Table

MATCH_KEYS = ('email', 'tax_id', 'number', 'none')
MODES = ('fill', 'overwrite')  # fill empty fields only / overwrite with the file's non-empty values
VERDICTS = ('new', 'update', 'unchanged', 'invalid', 'duplicate', 'skipped')
# Columns compared for `update` / `unchanged` (draft field -> model column).
COMPARED = {
    'name': 'name', 'kind': 'kind', 'contact_person': 'contact_person', 'email': 'email', 'phone': 'phone',
    'street': 'street', 'postal_code': 'postal_code', 'city': 'city', 'country': 'country', 'tax_id': 'tax_id',
    'payment_terms': 'payment_terms_days',
}  # fmt: skip


@dataclass
class ImportOptions:
    """The user's choices: one target per column, the match key and mode, rows left out, cells fixed by hand."""

    mapping: list[str]
    match_key: str = 'email'
    mode: str = 'fill'
    default_country: str = ''
    skipped: set[int] = field(default_factory=set)
    fixes: dict[tuple[int, int], str] = field(default_factory=dict)  # (row index, column) -> value as typed
    update_targets: dict[int, int] = field(default_factory=dict)  # row index -> the listed customer it updates


@dataclass
class Preview:
    verdicts: list[RowVerdict]
    checked: Checked | None = None  # the rows' checks before matching, reused by the run (`transfer.checking`)

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(VERDICTS, 0)
        for verdict in self.verdicts:
            counts[verdict.verdict] += 1
        return counts

    def first(self, verdict: str, limit: int = 20) -> list[RowVerdict]:
        return [v for v in self.verdicts if v.verdict == verdict][:limit]


def cells_of(table: Table, options: ImportOptions, index: int) -> list[str]:
    """The row's cells with the user's fixes applied."""
    row = list(table.rows[index])
    for (fixed_row, column), value in options.fixes.items():
        if fixed_row == index and column < len(row):
            row[column] = value
    return row


# A row whose match key an earlier row of the file has (the key's name in the user's language, whole sentences).
SAME_AS_EARLIER = {
    'email': N_('Same email as an earlier row of the file'),
    'tax_id': N_('Same tax ID as an earlier row of the file'),
    'number': N_('Same customer number as an earlier row of the file'),
}


async def preview_import(table: Table, options: ImportOptions, *, by: Actor, earlier: Preview | None = None) -> Preview:
    """Every row's verdict (see the module docstring). Reads the database, writes nothing. The rows are checked in
    worker processes; rows `earlier` (a preview of the same table) checked under the same rules and that the user
    has not changed since are not checked again. Matching always reads the database now."""
    definitions = await list_definitions()
    required = required_for((await get_company_settings()).required, by) - {'note'}
    rules = rules_for(options.mapping, options.default_country, required, definitions)
    checked = await check_table(
        table, rules, options.fixes, options.skipped, earlier.checked if earlier is not None else None
    )
    verdicts = list(checked.verdicts)  # shared with `checked`: a row is copied (`_own`) before it is changed
    await _match(table, verdicts, options)
    await apply_update_choices(table, verdicts, options)
    for verdict in verdicts:  # a required field missing is fine for an update, not for a new or refused row
        if verdict.verdict in ('new', 'invalid') and verdict.missing:
            verdict = _own(verdicts, verdict)
            verdict.verdict = 'invalid'
            for column, message in verdict.missing.items():
                verdict.problems.setdefault(column, message)
    return Preview(verdicts, checked)


def _own(verdicts: list[RowVerdict], verdict: RowVerdict) -> RowVerdict:
    """A copy of the row's verdict put in its place, to change (the checked one stays as it was checked). 100,000
    rows: only the rows matching changes are copied."""
    assert verdicts[verdict.index] is verdict
    twin = verdicts[verdict.index] = verdict.copy()
    return twin


async def apply_update_choices(table: Table, verdicts: list[RowVerdict], options: ImportOptions) -> None:
    """Rows the user sent to a listed customer become `update` (or `unchanged`) of that customer instead of `new`;
    a customer gone since (deleted, merged, erased) makes the row `invalid` with that reason."""
    chosen = {v.index: v for v in verdicts if v.index in options.update_targets and v.verdict == 'new'}
    if not chosen:
        return
    wanted = [options.update_targets[index] for index in chosen]
    customers = {
        customer.id: customer
        for customer in await Customer.filter(
            id__in=wanted, erased_at__isnull=True, merged_into_id__isnull=True
        ).prefetch_related('categories')
    }
    for index, verdict in chosen.items():
        verdict = _own(verdicts, verdict)
        customer = customers.get(options.update_targets[index])
        if customer is None:
            verdict.verdict = 'invalid'
            verdict.problems[-1] = _('The customer chosen to update no longer exists')
            continue
        verdict.customer_id = customer.id
        verdict.changes = update_changes(verdict, typed_fields(table, options, index), customer, options.mode)
        verdict.verdict = 'update' if verdict.changes else 'unchanged'


def match_value(verdict: RowVerdict, match_key: str) -> str:
    """The row's value for a match key (`email`: the email's match key), '' when it has none."""
    return '' if verdict.keys is None else str(getattr(verdict.keys, match_key))


async def _match(table: Table, verdicts: list[RowVerdict], options: ImportOptions) -> None:
    """In-file duplicates by the match key (or by email when there is none), then existing customers."""
    first: dict[str, int] = {}  # match value -> the one row that has it (a later row with it is a duplicate)
    for verdict in verdicts:
        if verdict.verdict != 'new':
            continue
        key = match_value(verdict, options.match_key if options.match_key != 'none' else 'email')
        if key and key in first:
            verdict = _own(verdicts, verdict)
            verdict.verdict = 'duplicate'
            verdict.problems[-1] = _(SAME_AS_EARLIER.get(options.match_key, SAME_AS_EARLIER['email']))
            continue
        if key:
            first[key] = verdict.index
    column = {'email': 'email_key', 'tax_id': 'tax_id', 'number': 'number'}.get(options.match_key)
    if column is None or not first:
        return
    keys = list(first)
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        found = await Customer.filter(**{f'{column}__in': chunk, 'erased_at__isnull': True}).prefetch_related(
            'categories'
        )
        for customer in found:
            index = first.get(str(getattr(customer, column)))
            if index is None:
                continue
            verdict = _own(verdicts, verdicts[index])
            verdict.customer_id = customer.id
            typed = typed_fields(table, options, index)
            verdict.changes = update_changes(verdict, typed, customer, options.mode)
            verdict.verdict = 'update' if verdict.changes else 'unchanged'


def typed_fields(table: Table, options: ImportOptions, index: int) -> dict[str, Any]:
    """The draft fields row `index` fills, as typed (`_number`: its customer number), read from its cells as
    `rows.check_row` read them (not kept per row: 100,000 rows)."""
    values, number = row_draft(cells_of(table, options, index), options.mapping, options.default_country)
    return values | ({'_number': number} if number else {})


def update_changes(verdict: RowVerdict, typed: dict[str, Any], customer: Customer, mode: str) -> dict[str, Any]:
    """The mapped, non-empty fields (`typed`, see `typed_fields`) that differ from the stored customer (only empty ones
    in `fill` mode)."""
    row = verdict.new_row
    assert row is not None
    values = row.values
    changes: dict[str, Any] = {}
    for key, raw in typed.items():
        if key not in COMPARED:
            continue
        column = COMPARED[key]
        stored, new = getattr(customer, column), values[column]
        if new in (None, '') or stored == new:
            continue
        if mode == 'fill' and stored not in (None, ''):
            continue
        changes[key] = raw
    if 'categories' in typed:
        have = {category.name.casefold() for category in customer.categories}
        new_names = row.categories
        if {name.casefold() for name in new_names} - have:
            merged = [category.name for category in customer.categories] + new_names
            changes['categories'] = new_names if mode == 'overwrite' else merged
    return changes


__all__ = ['KINDS', 'ImportOptions', 'Preview', 'RowVerdict', 'country_code', 'preview_import', 'row_draft']
