"""Demo customer rows for the bulk seeder (bench/bulk_seed.py), fast: the same kind of customers as `seed-demo`
(services/demo/seed.py: countries, names, companies, places, consent, categories 0-3), built as plain tuples.

Every derived column comes from the app's own functions (`name_key`, `email_key`, `search_key`, `initial_consonants`,
`search_variants`, `category_sort_key`, the phone and tax ID checks), memoised where the input repeats; only their
composition into the search text is restated here (`search_text`), and tests/bench/test_bulk_seed.py checks that
rows seeded here equal the rows the app itself saves for the same customers, field by field.

What makes it fast: phones and tax IDs are drawn from pools made once per run with the app's checks (a phone repeats
about N / 16,000 times), no ORM objects, and chunks are built in worker processes.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from models import CustomerKind, TaxIdStatus
from services.core.numbering import customer_number
from services.core.values.tax_ids import search_variants
from services.core.values.validation import email_key, name_key
from services.customers.list.search_keys import (
    FIELD_SEPARATOR,
    _national_digits,
    category_sort_key,
    initial_consonants,
    search_key,
)
from services.demo.data import COUNTRIES, CountryData
from services.demo.seed import _phone, _tax_id

PHONES_PER_COUNTRY = 4000
CHUNK = 5000

# The customer table's columns the seeder writes, in the order of the row tuples.
COLUMNS = (
    'id', 'number', 'kind', 'name', 'name_key', 'contact_person', 'email', 'email_key', 'phone', 'street',
    'postal_code', 'city', 'country', 'tax_id', 'tax_id_status', 'tax_id_scheme', 'payment_terms_days', 'language',
    'consent_email', 'consent_email_at', 'consent_phone', 'consent_phone_at', 'created_at', 'updated_at', 'version',
    'search_text', 'category_sort',
)  # fmt: skip


@dataclass(frozen=True)
class Phone:
    e164: str
    keys: tuple[str, str]  # search keys of the E.164 and the national format


@dataclass(frozen=True)
class TaxId:
    value: str
    scheme: str
    status: TaxIdStatus
    keys: tuple[str, ...]  # search keys of the value and its variants


@dataclass(frozen=True)
class Pools:
    phones: dict[str, list[Phone]]
    tax_ids: dict[str, list[TaxId]]


def make_pools(seed: int, size: int = PHONES_PER_COUNTRY) -> Pools:
    """Valid phones (`size` per country) and tax IDs (a quarter as many) made by the app's own checks
    (services/demo/seed.py)."""
    rng = random.Random(f'{seed}:pools')
    phones, tax_ids = {}, {}
    for data in COUNTRIES:
        numbers = {_phone(data, rng) for _ in range(size)}
        phones[data.code] = [Phone(e, (search_key(e), search_key(_national_digits(e)))) for e in sorted(numbers)]
        ids = {_tax_id(data, rng) for _ in range(max(1, size // 4))}
        tax_ids[data.code] = [
            TaxId(value, scheme, status, tuple(search_key(v) for v in (value, *search_variants(value, data.code))))
            for value, scheme, status in sorted(ids)
        ]
    return Pools(phones, tax_ids)


@cache
def _key(text: str) -> str:
    return search_key(text)


@cache
def _name_keys(name: str) -> tuple[str, str]:
    return _key(name), search_key(initial_consonants(name))


@cache
def _name_key(name: str) -> str:
    return name_key(name)


@cache
def _ascii(code: str, part: str) -> str:
    data = next(d for d in COUNTRIES if d.code == code)
    text = data.latin.get(part, part)
    return ''.join(ch for ch in unicodedata.normalize('NFKD', text) if ch.isascii() and ch.isalnum()).lower()


def search_text(
    number: str, name: str, contact: str, email: str, phone: Phone | None, tax: TaxId | None, city: str, postal: str
) -> str:
    """`customer_search_text` (services/customers/list/search_keys.py) from precomputed parts, in its order."""
    parts = [_key(number), *_name_keys(name), *(_name_keys(contact) if contact else ('', '')), search_key(email)]
    parts += list(phone.keys) if phone else []
    parts += list(tax.keys) if tax else []
    parts += [_key(city), _key(postal)]
    return FIELD_SEPARATOR.join(part for part in parts if part)


def chunk_rows(
    seed: int, chunk: int, first_id: int, count: int, categories: dict[int, str], pools: Pools, now: datetime
) -> tuple[list[tuple[object, ...]], list[tuple[int, int]]]:
    """Rows `first_id`..`first_id + count - 1` (customer number = id) and their category links; deterministic."""
    rng = random.Random(f'{seed}:{chunk}')
    category_ids = sorted(categories)
    rows, links = [], []
    for customer_id in range(first_id, first_id + count):
        data: CountryData = rng.choice(COUNTRIES)
        number = customer_number(customer_id)
        chosen = rng.sample(category_ids, k=rng.choice((0, 1, 1, 2, 2, 3)))
        links += [(customer_id, category_id) for category_id in chosen]
        is_company = rng.random() < 0.45
        given, family = rng.choice(data.given), rng.choice(data.family)
        person = f'{family}{given}' if data.code == 'KR' else f'{given} {family}'
        company = data.company_format.format(
            family=rng.choice(data.family), trade=rng.choice(data.trades), legal=rng.choice(data.legal_forms)
        )
        name = company if is_company else person
        contact = person if is_company else ''
        city, postal = rng.choice(data.places)
        tax = rng.choice(pools.tax_ids[data.code]) if is_company else None
        phone = rng.choice(pools.phones[data.code])
        consent = rng.random() < 0.6
        domain = rng.choice(data.mail_domains)
        email = f'{_ascii(data.code, given)}.{_ascii(data.code, family)}{number[2:]}@{domain}'
        rows.append((
            customer_id, number, (CustomerKind.COMPANY if is_company else CustomerKind.PERSON).value, name,
            _name_key(name), contact, email, email_key(email), phone.e164, rng.choice(data.streets), postal, city,
            data.code, tax.value if tax else '', (tax.status if tax else TaxIdStatus.NONE).value,
            tax.scheme if tax else '', rng.choice((None, 7, 14, 30)), '', consent, now if consent else None, False,
            None, now, now, 1, search_text(number, name, contact, email, phone, tax, city, postal),
            _category_sort(tuple(categories[i] for i in chosen)),
        ))  # fmt: skip
    return rows, links


@cache
def _category_sort(names: tuple[str, ...]) -> str:
    return category_sort_key(names)
