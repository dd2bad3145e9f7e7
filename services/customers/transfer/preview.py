"""What an import would do, row by row: each row becomes a `CustomerDraft` and goes through `check_draft`, the
registration form's own validation (one code path), then is matched against the stored customers.

Verdicts: `new`, `update`, `unchanged`, `invalid` (with the problems per column), `duplicate` (the same match key
as an earlier row of the file) and `skipped` (the user chose to leave it out).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from models import Customer
from services.core.actors import Actor
from services.core.i18n import _
from services.core.values.checks import Status
from services.core.values.countries import countries
from services.core.values.validation import email_key
from services.customers.custom_fields import FieldDefinition, list_definitions
from services.customers.drafts import CustomerDraft, DraftReport, check_draft, report_values, required_for
from services.customers.registration_settings import get_company_settings
from services.customers.transfer.mapping import IGNORE, NUMBER
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
KINDS = {
    'person': 'person', 'individual': 'person', 'private': 'person', '개인': 'person', 'persona': 'person',
    'particular': 'person', 'company': 'company', 'business': 'company', 'org': 'company', '법인': 'company',
    '기업': 'company', '회사': 'company', '사업자': 'company', 'empresa': 'company', 'sociedad': 'company',
}  # fmt: skip
YES = frozenset({'yes', 'y', 'true', '1', 'x', '예', '네', 'o', 'si', 'sí'})


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
class RowVerdict:
    index: int
    verdict: str
    problems: dict[int, str] = field(default_factory=dict)  # column (-1: the whole row) -> message
    customer_id: int | None = None
    changes: dict[str, Any] = field(default_factory=dict)  # for updates: draft field -> new value as typed
    missing: dict[int, str] = field(default_factory=dict)  # required fields the row lacks (fine for an update)
    draft: CustomerDraft | None = None
    report: DraftReport | None = None

    @property
    def reason(self) -> str:
        return '; '.join(self.problems.values())


@dataclass
class Preview:
    verdicts: list[RowVerdict]

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


def row_draft(cells: Sequence[str], mapping: Sequence[str], default_country: str = '') -> tuple[dict[str, Any], str]:
    """The draft fields a row fills (only mapped, non-empty cells) and its customer number (for matching)."""
    values: dict[str, Any] = {}
    custom: dict[str, Any] = {}
    number = ''
    for cell, target in zip(cells, mapping, strict=False):
        text = cell.strip()
        if target == IGNORE or not text:
            continue
        if target == NUMBER:
            number = text
        elif target.startswith('custom:'):
            custom[target.removeprefix('custom:')] = text
        elif target == 'categories':
            values['categories'] = [part.strip() for part in re.split(r'[,;]', text) if part.strip()]
        elif target in ('consent_email', 'consent_phone'):
            values[target] = text.casefold() in YES
        elif target == 'kind':
            values['kind'] = KINDS.get(text.casefold(), text.casefold())
        elif target == 'country':
            values['country'] = country_code(text)
        else:
            values[target] = text
    if custom:
        values['custom'] = custom
    if 'country' not in values and default_country:
        values['country'] = default_country
    return values, number


def country_code(text: str) -> str:
    """An alpha-2 code from a code or an English country name (`Germany` -> `DE`); else the text as it is."""
    if len(text) == 2:
        return text.upper()
    wanted = text.casefold()
    for code, name in countries().items():
        if name.casefold() == wanted:
            return code
    return {'south korea': 'KR', 'korea': 'KR', '대한민국': 'KR', '한국': 'KR', 'españa': 'ES'}.get(wanted, text)


async def preview_import(table: Table, options: ImportOptions, *, by: Actor) -> Preview:
    """Every row's verdict (see the module docstring). Reads the database, writes nothing."""
    definitions = await list_definitions()
    required = required_for((await get_company_settings()).required, by) - {'note'}
    verdicts = [_check_row(table, options, index, required, definitions) for index in range(len(table.rows))]
    await _match(verdicts, options)
    await apply_update_choices(verdicts, options)
    for verdict in verdicts:  # a required field missing is fine for an update, not for a new or refused row
        if verdict.verdict in ('new', 'invalid') and verdict.missing:
            verdict.verdict = 'invalid'
            for column, message in verdict.missing.items():
                verdict.problems.setdefault(column, message)
    return Preview(verdicts)


def _check_row(
    table: Table, options: ImportOptions, index: int, required: frozenset[str], definitions: list[FieldDefinition]
) -> RowVerdict:
    if index in options.skipped:
        return RowVerdict(index, 'skipped')
    verdict = RowVerdict(index, 'new')
    if index in table.row_problems:
        verdict.problems[-1] = table.row_problems[index]
    for (row, column), problem in table.cell_problems.items():
        if row == index and problem.blocking and (row, column) not in options.fixes:
            verdict.problems[column] = problem.message
    values, number = row_draft(cells_of(table, options, index), options.mapping, options.default_country)
    try:
        draft = CustomerDraft.model_validate(values)
    except ValidationError as error:
        for detail in error.errors():
            target = str(detail['loc'][0]) if detail['loc'] else ''
            verdict.problems[_column(options.mapping, target)] = f'Not a valid value: {detail["msg"]}'
        verdict.verdict = 'invalid'
        return verdict
    report = check_draft(draft, required, definitions)
    for key, message in report.errors.items():
        missing = report.checks[key].status == Status.MISSING
        (verdict.missing if missing else verdict.problems)[_column(options.mapping, key)] = message
    verdict.draft, verdict.report = draft, report
    verdict.changes = {key: value for key, value in values.items()}
    if number:
        verdict.changes['_number'] = number
    if verdict.problems:
        verdict.verdict = 'invalid'
    return verdict


async def apply_update_choices(verdicts: Sequence[RowVerdict], options: ImportOptions) -> None:
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
        customer = customers.get(options.update_targets[index])
        if customer is None:
            verdict.verdict = 'invalid'
            verdict.problems[-1] = _('The customer chosen to update no longer exists')
            continue
        verdict.customer_id = customer.id
        verdict.changes = update_changes(verdict, customer, options.mode)
        verdict.verdict = 'update' if verdict.changes else 'unchanged'


def _column(mapping: Sequence[str], key: str) -> int:
    return mapping.index(key) if key in mapping else -1


def match_value(verdict: RowVerdict, match_key: str) -> str:
    if verdict.report is None:
        return ''
    if match_key == 'email':
        email = verdict.report.value('email')
        return email_key(email) if email else ''
    if match_key == 'tax_id':
        return str(verdict.report.value('tax_id') or '')
    if match_key == 'number':
        return str(verdict.changes.get('_number', '')).upper()
    return ''


async def _match(verdicts: list[RowVerdict], options: ImportOptions) -> None:
    """In-file duplicates by the match key (or by email when there is none), then existing customers."""
    seen: set[str] = set()
    wanted: dict[str, list[RowVerdict]] = {}
    for verdict in verdicts:
        if verdict.verdict != 'new':
            continue
        key = match_value(verdict, options.match_key if options.match_key != 'none' else 'email')
        if key and key in seen:
            verdict.verdict = 'duplicate'
            verdict.problems[-1] = f'Same {options.match_key} as an earlier row of the file'
            continue
        seen.add(key)
        if options.match_key != 'none' and key:
            wanted.setdefault(match_value(verdict, options.match_key), []).append(verdict)
    column = {'email': 'email_key', 'tax_id': 'tax_id', 'number': 'number'}.get(options.match_key)
    if column is None or not wanted:
        return
    keys = list(wanted)
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        found = await Customer.filter(**{f'{column}__in': chunk, 'erased_at__isnull': True}).prefetch_related(
            'categories'
        )
        for customer in found:
            for verdict in wanted.get(str(getattr(customer, column)), []):
                verdict.customer_id = customer.id
                verdict.changes = update_changes(verdict, customer, options.mode)
                verdict.verdict = 'update' if verdict.changes else 'unchanged'


def update_changes(verdict: RowVerdict, customer: Customer, mode: str) -> dict[str, Any]:
    """The mapped, non-empty fields that differ from the stored customer (only empty ones in `fill` mode)."""
    assert verdict.report is not None
    values = report_values(verdict.report)
    changes: dict[str, Any] = {}
    for key, raw in verdict.changes.items():
        if key not in COMPARED:
            continue
        column = COMPARED[key]
        stored, new = getattr(customer, column), values[column]
        if new in (None, '') or stored == new:
            continue
        if mode == 'fill' and stored not in (None, ''):
            continue
        changes[key] = raw
    if 'categories' in verdict.changes:
        have = {category.name.casefold() for category in customer.categories}
        new_names = verdict.report.value('categories')
        if {name.casefold() for name in new_names} - have:
            merged = [category.name for category in customer.categories] + new_names
            changes['categories'] = new_names if mode == 'overwrite' else merged
    return changes
