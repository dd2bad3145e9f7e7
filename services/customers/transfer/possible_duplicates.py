"""Possible duplicates in an import preview, by the registration form's rules (`services.customers.duplicates`):
a row whose phone (E.164, as the form stores it) or name (token sort ratio >= 90 on the name key) is like an existing
customer's or an earlier row's of the same file. The user then chooses per row: import as new, update that customer
(`ImportOptions.update_targets`, applied by `preview.apply_update_choices`), or skip.

Rows looked at: those the preview calls `new`, and those the user already sent to a listed customer. Phones and
exact name keys are compared for every such row. The fuzzy name comparison scans every customer and the file's
earlier rows per row (about 0.1 s per row with 100,000 customers on the 2-core machine), so it runs for as many rows
as fit in `FUZZY_SECONDS` and the listing says how many that were; the event loop gets a turn between rows. The
phones and name keys come from the checked rows (`RowKeys`): nothing is decoded per row here.
"""

from __future__ import annotations

import asyncio
import time
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from models import Customer
from services.customers.duplicates import (
    MIN_NAME_KEY_LENGTH,
    DuplicateMatch,
    describe_matches,
    name_index,
    similar_keys,
)
from services.customers.transfer.preview import ImportOptions, RowVerdict

FUZZY_SECONDS = 2.0
CHUNK = 500
YIELD_EVERY = 2_000  # rows between turns of the event loop in the loops over every row


@dataclass(frozen=True, slots=True)  # one per listed row: ~100,000 when names repeat in a file
class PossibleDuplicate:
    """Row `index` may be `customer` (an existing one) or the file's earlier row `row` (an index); `reasons` are
    `phone` and/or `name`."""

    index: int
    reasons: tuple[str, ...]
    customer: DuplicateMatch | None = None
    row: int | None = None


# The reasons an earlier row of the file is listed for, by their code in `Found` (in the order they are found).
IN_FILE_REASONS: tuple[tuple[str, ...], ...] = (('phone',), ('name',), ('phone', 'name'))


class Found(Mapping[int, list[PossibleDuplicate]]):
    """Row index -> its possible duplicates (existing customers first, then an earlier row of the file), only rows
    that have some, in row order. When names repeat in a file nearly every row has an earlier row like it (~99,000
    of the 100,000 demo rows): those are kept as three arrays (row, earlier row, reasons' code in `IN_FILE_REASONS`)
    and a row's list is made when it is read; `listed` holds the rows with whole lists (existing customers)."""

    def __init__(
        self,
        listed: dict[int, list[PossibleDuplicate]] | None = None,
        rows: array[int] | None = None,
        earlier: array[int] | None = None,
        reasons: array[int] | None = None,
    ) -> None:
        self._listed = listed or {}
        self._rows, self._earlier = rows or array('q'), earlier or array('q')
        self._reasons = reasons or array('b')
        assert len(self._rows) == len(self._earlier) == len(self._reasons)
        assert all(a < b for a, b in zip(self._rows, self._rows[1:], strict=False)), 'rows in order'
        keys = set(self._listed)
        keys.update(self._rows)
        self._keys = array('q', sorted(keys))

    def with_listed(self, listed: dict[int, list[PossibleDuplicate]]) -> Found:
        """These with whole lists added (rows not in these; e.g. ones the user skipped, listed by an earlier look)."""
        return Found(listed | self._listed, self._rows, self._earlier, self._reasons)

    def __getitem__(self, index: int) -> list[PossibleDuplicate]:
        found = list(self._listed.get(index, ()))
        at = bisect_left(self._rows, index)
        if at < len(self._rows) and self._rows[at] == index:
            found.append(PossibleDuplicate(index, IN_FILE_REASONS[self._reasons[at]], row=self._earlier[at]))
        if not found:
            raise KeyError(index)
        return found

    def __contains__(self, index: object) -> bool:
        if not isinstance(index, int):
            return False
        at = bisect_left(self._keys, index)
        return at < len(self._keys) and self._keys[at] == index

    def __iter__(self) -> Iterator[int]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


@dataclass
class Listing:
    """`found`: row index -> its possible duplicates (see `Found`). `rows`: rows looked at; `fuzzy_rows`: how many of
    them had their name compared for similarity (the others for the same name key only)."""

    found: Found = field(default_factory=Found)
    rows: int = 0
    fuzzy_rows: int = 0


async def possible_duplicates(
    verdicts: Sequence[RowVerdict], options: ImportOptions, *, fuzzy_seconds: float = FUZZY_SECONDS
) -> Listing:
    """The rows that may be duplicates (see the module docstring). Reads the database, writes nothing."""
    phones: dict[int, str] = {}  # the rows looked at (in row order) -> their phone, their name key
    names: dict[int, str] = {}
    for v in verdicts:
        keys = v.keys
        if keys is not None and (v.verdict == 'new' or v.index in options.update_targets):
            phones[v.index], names[v.index] = keys.phone, keys.name
    found: dict[int, dict[int, list[str]]] = {}  # row -> customer id -> reasons (only rows that have some)
    customers_by_phone: dict[str, list[int]] = {}
    for customer_id, phone in await _customers_by_phone(sorted({phone for phone in phones.values() if phone})):
        customers_by_phone.setdefault(phone, []).append(customer_id)
    if customers_by_phone:
        for index, phone in phones.items():
            for customer_id in customers_by_phone.get(phone, ()):
                found.setdefault(index, {}).setdefault(customer_id, []).append('phone')
    await name_index.sync()
    by_key: dict[str, list[int]] = {}
    for customer_id, key in name_index.keys.items():
        by_key.setdefault(key, []).append(customer_id)
    deadline = time.monotonic() + fuzzy_seconds
    similar_rows: dict[int, list[int]] = {}  # row -> a similar earlier row, for the rows compared for similarity
    earlier_keys: dict[int, str] = {}
    for count, (index, key) in enumerate(names.items()):
        same = by_key.get(key, []) if len(key) >= MIN_NAME_KEY_LENGTH else []
        if time.monotonic() < deadline:
            same = list(dict.fromkeys([*same, *similar_keys(key, name_index.keys)]))
            similar_rows[index] = similar_keys(key, earlier_keys, limit=1)
            if key:
                earlier_keys[index] = key
            await asyncio.sleep(0)  # other users' requests between rows
        elif count % YIELD_EVERY == 0:
            await asyncio.sleep(0)
        for customer_id in same:
            found.setdefault(index, {}).setdefault(customer_id, []).append('name')
    everyone: dict[int, list[str]] = {}
    for reasons in found.values():
        for customer_id, why in reasons.items():
            everyone.setdefault(customer_id, [])
            everyone[customer_id] += [reason for reason in why if reason not in everyone[customer_id]]
    matches = await describe_matches(everyone)
    listed: dict[int, list[PossibleDuplicate]] = {}
    for count, (index, reasons) in enumerate(sorted(found.items())):  # in row order
        if count % YIELD_EVERY == 0:
            await asyncio.sleep(0)
        for customer_id, why in reasons.items():
            if customer_id in matches:
                customer = _with_reasons(matches[customer_id], why)
                listed.setdefault(index, []).append(PossibleDuplicate(index, tuple(why), customer=customer))
    del found
    in_file = await _inside_the_file(phones, names, similar_rows)
    return Listing(Found(listed, *in_file), rows=len(names), fuzzy_rows=len(similar_rows))


async def _customers_by_phone(phones: list[str]) -> list[tuple[int, str]]:
    pairs: list[tuple[int, str]] = []
    for start in range(0, len(phones), CHUNK):
        chunk = phones[start : start + CHUNK]
        rows = await Customer.filter(phone__in=chunk, erased_at__isnull=True).values_list('id', 'phone')
        pairs += [(int(customer_id), str(phone)) for customer_id, phone in rows]
    return pairs


async def _inside_the_file(
    phones: dict[int, str], names: dict[int, str], similar_rows: dict[int, list[int]]
) -> tuple[array[int], array[int], array[int]]:
    """The rows like an earlier row of the file, the first such earlier row (the same phone or name key, or for the
    rows in `similar_rows`, compared for similarity, a similar name) and the reasons' code (`IN_FILE_REASONS`): three
    arrays in row order, as `Found` keeps them."""
    first_phone: dict[str, int] = {}
    first_name: dict[str, int] = {}
    rows, earliest, codes = array('q'), array('q'), array('b')
    for count, (index, key) in enumerate(names.items()):  # in row order
        if count % YIELD_EVERY == 0:
            await asyncio.sleep(0)
        reasons: dict[int, list[str]] = {}
        phone = phones.get(index, '')
        if phone and phone in first_phone:
            reasons.setdefault(first_phone[phone], []).append('phone')
        if len(key) >= MIN_NAME_KEY_LENGTH and key in first_name:
            reasons.setdefault(first_name[key], []).append('name')
        else:
            for earlier in similar_rows.get(index, []):
                reasons.setdefault(earlier, []).append('name')
        if reasons:
            earlier = min(reasons)
            rows.append(index)
            earliest.append(earlier)
            codes.append(IN_FILE_REASONS.index(tuple(reasons[earlier])))
        if phone:
            first_phone.setdefault(phone, index)
        if key:
            first_name.setdefault(key, index)
    return rows, earliest, codes


def _with_reasons(match: DuplicateMatch, reasons: list[str]) -> DuplicateMatch:
    return DuplicateMatch(match.customer_id, match.number, match.name, match.archived, tuple(reasons))
