"""Possible duplicates of a customer being registered: same email, tax ID or phone, or a very similar name."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from rapidfuzz import fuzz, process

from models import Customer
from services.core.i18n import N_, Translated
from services.core.values.validation import email_key, name_key

K = TypeVar('K', bound=Hashable)
NAME_SCORE_CUTOFF = 90
MIN_NAME_KEY_LENGTH = 4
BLOCKING_REASONS = frozenset({'email', 'tax_id'})
REASON_LABELS = Translated(
    {'email': N_('same email'), 'tax_id': N_('same tax ID'), 'phone': N_('same phone'), 'name': N_('similar name')}
)


@dataclass(frozen=True)
class DuplicateMatch:
    customer_id: int
    number: str
    name: str
    archived: bool
    reasons: tuple[str, ...]

    @property
    def needs_confirmation(self) -> bool:
        """Email and tax ID identify a customer; a match on them must be confirmed before saving."""
        return bool(BLOCKING_REASONS & set(self.reasons))

    @property
    def reason_text(self) -> str:
        return ', '.join(REASON_LABELS[reason] for reason in self.reasons)


@dataclass
class NameIndex:
    """Name keys of all customers (archived too), kept in memory for fuzzy matching.

    It catches up with the database incrementally by `updated_at`, so it also sees rows written by other
    processes; matches are re-read from the database before they are shown.
    """

    keys: dict[int, str] = field(default_factory=dict)
    synced_until: datetime | None = None

    def reset(self) -> None:
        self.keys.clear()
        self.synced_until = None

    async def sync(self) -> None:
        query = Customer.all()
        if self.synced_until is not None:
            query = query.filter(updated_at__gte=self.synced_until)
        rows = await query.order_by('updated_at').values_list('id', 'name_key', 'updated_at')
        for customer_id, key, updated_at in rows:
            self.keys[customer_id] = key
            self.synced_until = updated_at

    async def similar(self, name: str, *, limit: int = 5) -> list[int]:
        key = name_key(name)
        if len(key) < MIN_NAME_KEY_LENGTH:
            return []
        await self.sync()
        return similar_keys(key, self.keys, limit=limit)


def similar_keys(key: str, choices: Mapping[K, str], *, limit: int = 5) -> list[K]:
    """The keys of `choices` (name keys, see `name_key`) whose name is similar to the name key `key` by the
    registration rule: token sort ratio >= NAME_SCORE_CUTOFF; none for keys shorter than MIN_NAME_KEY_LENGTH."""
    if len(key) < MIN_NAME_KEY_LENGTH:
        return []
    hits = process.extract(key, choices, scorer=fuzz.token_sort_ratio, score_cutoff=NAME_SCORE_CUTOFF, limit=limit)
    return [choice for _, _, choice in hits]


name_index = NameIndex()


async def find_duplicates(
    *, email: str = '', tax_id: str = '', phone: str = '', name: str = '', exclude_id: int | None = None
) -> list[DuplicateMatch]:
    """Customers that may be the same as the given normalised values, strongest reasons first.

    Emails compare on their case-folded key (`Jane.Doe@Example.com` is `jane.doe@example.com`), tax IDs on their
    canonical form (`GR094019245` is `EL094019245`). Merged customers (tombstones) are never matches.
    """
    reasons: dict[int, list[str]] = {}
    columns = {'email': 'email_key', 'tax_id': 'tax_id', 'phone': 'phone'}
    for reason, value in (('email', email_key(email) if email else ''), ('tax_id', tax_id), ('phone', phone)):
        if value:
            query = Customer.filter(**{columns[reason]: value})
            for customer_id in await query.limit(10).values_list('id', flat=True):
                reasons.setdefault(int(customer_id), []).append(reason)  # type: ignore[call-overload]
    if name:
        for similar_id in await name_index.similar(name):
            reasons.setdefault(similar_id, []).append('name')
    if exclude_id is not None:
        reasons.pop(exclude_id, None)
    matches = await describe_matches(reasons)
    return sorted(matches.values(), key=lambda m: (not m.needs_confirmation, -len(m.reasons), m.number))


async def describe_matches(reasons: Mapping[int, list[str]]) -> dict[int, DuplicateMatch]:
    """The customers behind `reasons` (customer id -> reasons found) as matches, by id. Merged customers are left
    out, and so is a match on the name alone when the customer was renamed since the name index last looked."""
    if not reasons:
        return {}
    rows = await Customer.filter(id__in=list(reasons), merged_into_id__isnull=True).values(
        'id', 'number', 'name', 'name_key', 'archived_at'
    )
    matches = {}
    for row in rows:
        found = reasons[row['id']]
        if found == ['name'] and name_index.keys.get(row['id']) != row['name_key']:
            continue  # renamed since the index last looked
        matches[row['id']] = DuplicateMatch(
            row['id'], row['number'], row['name'], row['archived_at'] is not None, tuple(found)
        )
    return matches
