"""One import row checked by the registration form's own validation (`check_draft`, one code path), without the
database, so it can run in a worker process (`transfer.checking`).

A checked row (`RowVerdict`) carries what the rest of the import needs, so the run does not validate again: the
problems per column, the keys that matching and the duplicate listing compare (`RowKeys`), and for a row without
problems the stored columns of a new customer with their derived values (search text without the number, category
sort key, custom field columns). 100,000 rows are kept at once (a preview, then the run), so those columns stay
pickled in one `bytes` per row (decoded when read), compactly (`pack_row`: the values in a fixed order without their
column names, enums as their text, the name and email keys made again when read); no `DraftReport` is kept, and
the fields as typed (for an update) are read again from the row's cells when a row matches (`preview.typed_fields`).
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, NamedTuple

from pydantic import ValidationError

from models.customer import CustomerKind, TaxIdStatus
from services.core.i18n import _
from services.core.values.checks import Status
from services.core.values.countries import countries
from services.core.values.validation import email_key, name_key
from services.core.values.yes_no import read_yes_no
from services.customers.custom_fields import FieldDefinition, stored_columns
from services.customers.drafts import CustomerDraft, DraftReport, check_draft, report_values
from services.customers.list.search_keys import category_sort_key, customer_search_text
from services.customers.transfer.mapping import IGNORE, NUMBER

KINDS = {
    'person': 'person', 'individual': 'person', 'private': 'person', '개인': 'person', 'persona': 'person',
    'particular': 'person', 'company': 'company', 'business': 'company', 'org': 'company', '법인': 'company',
    '기업': 'company', '회사': 'company', '사업자': 'company', 'empresa': 'company', 'sociedad': 'company',
}  # fmt: skip
# The empty problems / changes / missing of the checked rows that come back from a worker, one dict for all (three
# empty dicts a row: ~19 MB at 100,000 rows). Safe because a checked row is never changed in place: matching copies
# a row before changing it (`RowVerdict.copy`, `preview._own`), and `changes` is only ever replaced.
_NOTHING: dict[Any, Any] = {}


class NewRow(NamedTuple):
    """What a new customer from this row stores: `values` are `report_values` (model column -> value);
    `search_rest` is the search text without the customer number (given at run time)."""

    values: dict[str, Any]
    categories: list[str]
    note: str
    custom: list[tuple[int, dict[str, object]]]  # (field definition id, value columns)
    search_rest: str
    category_sort: str


# The columns of `NewRow.values` (`drafts.report_values`) in the order a packed row keeps them; the keys are made again
# from the name and email when a row is read (`unpack_row`), the enums kept as their text.
PACKED_COLUMNS = (
    'kind', 'name', 'contact_person', 'email', 'phone', 'street', 'postal_code', 'city', 'country', 'tax_id',
    'tax_id_status', 'tax_id_scheme', 'payment_terms_days', 'consent_email', 'consent_phone',
)  # fmt: skip
DERIVED_COLUMNS = ('name_key', 'email_key')
ENUM_COLUMNS: dict[str, type[Enum]] = {'kind': CustomerKind, 'tax_id_status': TaxIdStatus}


def pack_row(row: NewRow) -> bytes:
    """A new-customer row as ~half the bytes of pickling it whole (100,000 of them are kept during an import).

    Raises:
        ValueError: the row's values are not exactly `PACKED_COLUMNS` plus `DERIVED_COLUMNS`, or a derived key is
            not what `unpack_row` would make (a change in `report_values` must change this too).
    """
    values = row.values
    if set(values) != {*PACKED_COLUMNS, *DERIVED_COLUMNS} or _derived(values) != {
        key: values[key] for key in DERIVED_COLUMNS
    }:
        raise ValueError(f'a new row this packing does not know: {sorted(values)}')
    flat = tuple(_plain(column, values[column]) for column in PACKED_COLUMNS)
    return pickle.dumps((flat, *row[1:]), pickle.HIGHEST_PROTOCOL)


def unpack_row(packed: bytes) -> NewRow:
    flat, *rest = pickle.loads(packed)  # noqa: S301 - made by pack_row
    values = {column: _typed(column, value) for column, value in zip(PACKED_COLUMNS, flat, strict=True)}
    values |= _derived(values)
    return NewRow({key: values[key] for key in _ORDER}, *rest)


# The order of `report_values` (a dict read back compares and iterates as the one checked).
_ORDER = ('kind', 'name', 'name_key', 'contact_person', 'email', 'email_key', *PACKED_COLUMNS[4:])


def _derived(values: dict[str, Any]) -> dict[str, Any]:
    email = values['email']
    return {'name_key': name_key(values['name']), 'email_key': email_key(email) if email else ''}


def _plain(column: str, value: Any) -> Any:
    kind = ENUM_COLUMNS.get(column)
    if kind is not None and type(value) is kind:
        return value.value
    if isinstance(value, Enum):
        raise ValueError(f'an enum in {column} this packing does not know: {value!r}')
    return value


def _typed(column: str, value: Any) -> Any:
    kind = ENUM_COLUMNS.get(column)
    return kind(value) if kind is not None and value is not None else value


class RowKeys(NamedTuple):
    """What matching (`email`: the email's match key, `tax_id`, `number`) and the possible duplicates (`phone` as
    stored, `name`: the name key) compare; '' when the row has none."""

    email: str
    tax_id: str
    number: str
    phone: str
    name: str


@dataclass(slots=True)  # 100,000 rows, in up to three lists (checked, preview, run): no __dict__ each
class RowVerdict:
    index: int
    verdict: str
    problems: dict[int, str] = field(default_factory=dict)  # column (-1: the whole row) -> message
    customer_id: int | None = None
    changes: dict[str, Any] = field(default_factory=dict)  # for updates: draft field -> new value as typed
    missing: dict[int, str] = field(default_factory=dict)  # required fields the row lacks (fine for an update)
    _keys: tuple[str, str, str, str, str] | None = None  # RowKeys as a plain tuple (the garbage collector skips it)
    _packed: bytes | None = field(default=None, repr=False)  # the NewRow, pickled

    @property
    def keys(self) -> RowKeys | None:
        """None: the row's values did not make a draft."""
        return None if self._keys is None else RowKeys(*self._keys)

    @keys.setter
    def keys(self, keys: RowKeys | None) -> None:
        self._keys = None if keys is None else (keys.email, keys.tax_id, keys.number, keys.phone, keys.name)

    @property
    def reason(self) -> str:
        return '; '.join(self.problems.values())

    @property
    def new_row(self) -> NewRow | None:
        """What a new customer from this row stores (`None` for a row with problems)."""
        return None if self._packed is None else unpack_row(self._packed)

    def pack(self, row: NewRow) -> None:
        self._packed = pack_row(row)

    def __getstate__(self) -> tuple[Any, ...]:
        return (self.index, self.verdict, self.problems, self.customer_id, self.changes, self.missing, self._keys,
                self._packed)  # fmt: skip

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        (self.index, self.verdict, problems, self.customer_id, changes, missing, self._keys, self._packed) = state
        self.problems, self.changes, self.missing = problems or _NOTHING, changes or _NOTHING, missing or _NOTHING

    def copy(self) -> RowVerdict:
        """A copy whose verdict and problems can be changed and changes replaced (by matching), not this one."""
        return RowVerdict(
            self.index, self.verdict, dict(self.problems), self.customer_id, self.changes, self.missing, self._keys,
            self._packed,
        )  # fmt: skip


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
            values[target] = read_yes_no(text) is True
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


def check_row(
    index: int,
    cells: Sequence[str],
    problems: dict[int, str],
    mapping: Sequence[str],
    default_country: str,
    required: frozenset[str],
    definitions: Sequence[FieldDefinition],
) -> RowVerdict:
    """The verdict `new` or `invalid` on one row (cells with the user's fixes applied; `problems` found while reading
    the file). Matching against stored customers comes later (`preview._match`)."""
    verdict = RowVerdict(index, 'new', dict(problems))
    values, number = row_draft(cells, mapping, default_country)
    try:
        draft = CustomerDraft.model_validate(values)
    except ValidationError as error:
        for detail in error.errors():
            target = str(detail['loc'][0]) if detail['loc'] else ''
            verdict.problems[_column(mapping, target)] = _('Not a valid value')
        verdict.verdict = 'invalid'
        return verdict
    report = check_draft(draft, required, definitions)
    for key, message in report.errors.items():
        missing = report.checks[key].status == Status.MISSING
        (verdict.missing if missing else verdict.problems)[_column(mapping, key)] = message
    email = report.value('email')
    verdict.keys = RowKeys(
        email_key(email) if email else '', str(report.value('tax_id') or ''), number.upper(),
        str(report.value('phone') or ''), name_key(str(report.value('name') or '')),
    )  # fmt: skip
    if verdict.problems:
        verdict.verdict = 'invalid'
    else:
        verdict.pack(new_row(report, definitions))
    return verdict


def new_row(report: DraftReport, definitions: Sequence[FieldDefinition]) -> NewRow:
    """The stored columns of a new customer from a checked row (as registration stores them)."""
    values = report_values(report)
    custom = []
    for definition in definitions:
        check = report.checks[definition.draft_key]
        if check.status != Status.EMPTY and definition.id is not None:
            custom.append((definition.id, stored_columns(definition, check)))
    search_rest = customer_search_text(
        number='', name=values['name'], contact_person=values['contact_person'], email=values['email'],
        phone=values['phone'], tax_id=values['tax_id'], country=values['country'], city=values['city'],
        postal_code=values['postal_code'],
    )  # fmt: skip
    categories = list(report.value('categories'))
    return NewRow(values, categories, report.value('note'), custom, search_rest, category_sort_key(categories))


def _column(mapping: Sequence[str], key: str) -> int:
    return mapping.index(key) if key in mapping else -1
