"""`python main.py seed-demo`: realistic customers from several countries, inserted in bulk, with invoices and
payments over the last 24 months (services/demo/invoices.py)."""

from __future__ import annotations

import logging
import random
import time
import unicodedata
from datetime import UTC, datetime

from tortoise import Tortoise
from tortoise.transactions import in_transaction

from models import AuditEntry, Category, Customer, CustomerKind, TaxIdStatus
from services.core.db import open_database
from services.core.numbering import customer_number, reserve_values
from services.core.settings import AppSettings
from services.core.values.validation import Status, check_phone, check_tax_id, email_key, name_key
from services.customers.categories import PALETTE, category_key
from services.customers.list.search_index import search_text_of
from services.customers.list.search_keys import category_sort_key
from services.customers.startup import prepare_customers
from services.demo.data import CATEGORIES, COUNTRIES, CountryData
from services.demo.invoices import customers_after, seed_invoices, spread_registrations

log = logging.getLogger(__name__)
BATCH = 1000
TAX_DIGITS = '0123456789ABCDEFGHJKLMNPQRSTVWXYZ'


async def seed_demo_command(
    settings: AppSettings,
    *,
    customers: int,
    seed: int | None = None,
    categories: int | None = None,
    invoices: bool = True,
) -> None:
    async with open_database(settings, on_open=[prepare_customers]):
        started = time.perf_counter()
        rng = random.Random(seed)
        last = await Customer.all().order_by('-id').first()
        created = await seed_demo(customers, rng=rng, category_count=categories)
        log.info('created %d demo customers in %.1f s', created, time.perf_counter() - started)
        if invoices:
            made, paid = await seed_demo_invoices(last.id if last else 0, rng=rng)
            log.info('created %d demo invoices and %d payments', made, paid)
        await analyze_after_bulk_load()


async def seed_demo_invoices(last_id: int, *, rng: random.Random, per_customer: float = 3.0) -> tuple[int, int]:
    """Registration days over the last 24 months and invoices with payments for the customers after `last_id`."""
    today = datetime.now(UTC).date()
    new = [customer.id for customer in await customers_after(last_id)]
    await spread_registrations(new, rng=rng, today=today)
    return await seed_invoices(await customers_after(last_id), rng=rng, today=today, per_customer=per_customer)


async def analyze_after_bulk_load() -> None:
    """PostgreSQL plans from statistics; after a bulk load they are missing until autovacuum comes round."""
    conn = Tortoise.get_connection('default')
    if conn.capabilities.dialect == 'postgres':
        await conn.execute_script('ANALYZE')


async def seed_demo(count: int, *, rng: random.Random, category_count: int | None = None) -> int:
    """Insert `count` customers and the demo categories; returns how many customers were created."""
    category_names = await _ensure_categories(category_count or len(CATEGORIES))
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        async with in_transaction() as conn:
            numbers = await reserve_values('customer', size, conn)
            chosen = {
                customer_number(n): rng.sample(sorted(category_names), k=rng.choice((0, 1, 1, 2, 2, 3)))
                for n in numbers
            }
            batch = [_customer(number, rng, [category_names[i] for i in chosen[number]]) for number in chosen]
            await Customer.bulk_create(batch, using_db=conn)
            ids = dict(
                await Customer.filter(number__in=[c.number for c in batch]).using_db(conn).values_list('number', 'id')
            )
            history = [
                AuditEntry(
                    actor_name='demo data',
                    action='customer.create',
                    entity='customer',
                    entity_id=ids[c.number],
                    detail=c.number,
                )
                for c in batch
            ]
            await AuditEntry.bulk_create(history, using_db=conn)
            links = [
                (ids[number], category_id) for number, category_ids in chosen.items() for category_id in category_ids
            ]
            if links:
                placeholders = '($1, $2)' if conn.capabilities.dialect == 'postgres' else '(?, ?)'
                await conn.execute_many(
                    f'INSERT INTO customer_category (customer_id, category_id) VALUES {placeholders}',  # noqa: S608
                    [list(link) for link in links],
                )
        done += size
    return done


async def _ensure_categories(count: int) -> dict[int, str]:
    """The demo categories by id."""
    names = list(CATEGORIES[:count]) + [f'Segment {i}' for i in range(len(CATEGORIES) + 1, count + 1)]
    # The palette in order, not the colour a name hashes to: the first len(PALETTE) demo categories differ in colour.
    await Category.bulk_create(
        [
            Category(name=name, name_key=category_key(name), colour=PALETTE[index % len(PALETTE)])
            for index, name in enumerate(names)
        ],
        ignore_conflicts=True,
    )
    keys = [category_key(name) for name in names]
    return dict(await Category.filter(name_key__in=keys).values_list('id', 'name'))


def _customer(number: str, rng: random.Random, categories: list[str]) -> Customer:
    data = rng.choice(COUNTRIES)
    is_company = rng.random() < 0.45
    given, family = rng.choice(data.given), rng.choice(data.family)
    person = f'{family}{given}' if data.code == 'KR' else f'{given} {family}'
    company = data.company_format.format(
        family=rng.choice(data.family), trade=rng.choice(data.trades), legal=rng.choice(data.legal_forms)
    )
    name = company if is_company else person
    city, postal_code = rng.choice(data.places)
    tax = _tax_id(data, rng) if is_company else None
    now = datetime.now(UTC)
    consent = rng.random() < 0.6
    email = f'{_ascii(data, given)}.{_ascii(data, family)}{number[2:]}@{rng.choice(data.mail_domains)}'
    customer = Customer(
        number=number,
        kind=CustomerKind.COMPANY if is_company else CustomerKind.PERSON,
        name=name,
        name_key=name_key(name),
        contact_person=person if is_company else '',
        email=email,
        email_key=email_key(email),
        phone=_phone(data, rng),
        street=rng.choice(data.streets),
        postal_code=postal_code,
        city=city,
        country=data.code,
        tax_id=tax[0] if tax else '',
        tax_id_status=tax[2] if tax else TaxIdStatus.NONE,
        tax_id_scheme=tax[1] if tax else '',
        payment_terms_days=rng.choice((None, 7, 14, 30)),
        consent_email=consent,
        consent_email_at=now if consent else None,
        category_sort=category_sort_key(categories),
    )
    customer.search_text = search_text_of(customer)
    return customer


def _ascii(data: CountryData, part: str) -> str:
    text = data.latin.get(part, part)
    return ''.join(ch for ch in unicodedata.normalize('NFKD', text) if ch.isascii() and ch.isalnum()).lower()


def _phone(data: CountryData, rng: random.Random) -> str:
    for _ in range(1000):
        digits = ''.join(rng.choice('0123456789') for _ in range(data.phone_digits))
        if data.code == 'US' and digits[0] in '01':
            continue
        check = check_phone(rng.choice(data.phone_prefixes) + digits, data.code)
        if check.status == Status.OK:
            return str(check.value)
    raise ValueError(f'no valid phone number found for {data.code}')


def _tax_id(data: CountryData, rng: random.Random) -> tuple[str, str, TaxIdStatus]:
    for _ in range(1000):
        body = ''.join(rng.choice('123456789') if ch == '9' else ch for ch in data.tax_body[:-1])
        for last in TAX_DIGITS:
            check = check_tax_id(body + last, data.code)
            if check.status == Status.OK:
                return str(check.value), check.detail, TaxIdStatus.VALID if check.verified else TaxIdStatus.FORMAT
    raise ValueError(f'no valid tax ID found for pattern {data.tax_body}')
