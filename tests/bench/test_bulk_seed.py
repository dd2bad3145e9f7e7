"""The bulk seeder of the benchmarks (bench/bulk_seed.py) writes what the app writes: the same customers saved through
the app's own registration (`create_customer`) give the same rows, field by field, the same category links and
counts, the same Reports sums of new customers, the same search index answers, and the database keeps the app's
indexes and triggers."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from services.core.actors import SYSTEM
from services.core.errors import DuplicateFound
from services.customers.drafts import CustomerDraft
from services.customers.registration import create_customer
from tests.conftest import POSTGRES_URL, _asyncpg_url, _with_database

ROOT = Path(__file__).resolve().parents[2]
CUSTOMERS, CATEGORIES = 60, 5
# Set by the app at save time, not by what the customer is: who saved it and when.
WHEN_AND_WHO = {'created_at', 'updated_at', 'consent_email_at', 'consent_phone_at', 'created_by_id', 'updated_by_id'}
TERMS = ('kim', 'garcia', '010', 'berlin', 'ᄀᄆ', 'gmailcom', 'madrid')


class Database:
    """Plain SQL on one database, SQLite file or PostgreSQL, outside the ORM."""

    def __init__(self, url: str) -> None:
        self.url = url

    async def rows(self, sql: str) -> list[dict[str, Any]]:
        if self.url.startswith('sqlite://'):
            with sqlite3.connect(self.url.removeprefix('sqlite://')) as db:
                db.row_factory = sqlite3.Row
                return [dict(row) for row in db.execute(sql)]
        conn = await asyncpg.connect(_asyncpg_url(self.url))
        try:
            return [dict(row) for row in await conn.fetch(sql.replace('?', '$1'))]
        finally:
            await conn.close()


def bulk_seed(env: dict[str, str]) -> None:
    command = [sys.executable, '-m', 'bench.bulk_seed', '--customers', str(CUSTOMERS), '--categories', str(CATEGORIES)]
    subprocess.run([*command, '--workers', '1', '--pool', '30'], cwd=ROOT, env=env, check=True, capture_output=True)


@pytest.fixture
async def seeded(db: str, tmp_path: Path, sqlite_template: Path) -> Any:
    """A database filled by the bulk seeder (its URL), next to the test's empty `db`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith('CLIENTBOOK_')}
    if db == 'sqlite':
        data_dir = tmp_path / 'seeded'
        data_dir.mkdir()
        shutil.copy(sqlite_template, data_dir / 'clientbook.sqlite3')
        bulk_seed({**env, 'CLIENTBOOK_DATA_DIR': str(data_dir)})
        yield f'sqlite://{data_dir / "clientbook.sqlite3"}'
        return
    name = f'clientbook_test_bulk_{uuid.uuid4().hex[:8]}'
    admin = await asyncpg.connect(_asyncpg_url(POSTGRES_URL))
    await admin.execute(f'CREATE DATABASE {name}')
    try:
        url = _with_database(POSTGRES_URL, name)
        bulk_seed({**env, 'CLIENTBOOK_DATA_DIR': str(tmp_path / 'seeded'), 'CLIENTBOOK_DATABASE_URL': url})
        yield url
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)')
        await admin.close()


async def save_through_the_app(seeded_db: Database) -> None:
    """Register each seeded customer again, typed as a person would, in the test's own database."""
    names = {row['id']: row['name'] for row in await seeded_db.rows('SELECT id, name FROM category')}
    links: dict[int, list[str]] = {}
    for link in await seeded_db.rows('SELECT customer_id, category_id FROM customer_category ORDER BY category_id'):
        links.setdefault(link['customer_id'], []).append(names[link['category_id']])
    for row in await seeded_db.rows('SELECT * FROM customer ORDER BY id'):
        draft = CustomerDraft(
            kind=row['kind'], name=row['name'], contact_person=row['contact_person'], email=row['email'],
            phone=row['phone'], street=row['street'], postal_code=row['postal_code'], city=row['city'],
            country=row['country'], tax_id=row['tax_id'], payment_terms=str(row['payment_terms_days'] or ''),
            categories=links.get(row['id'], []), consent_email=bool(row['consent_email']),
        )  # fmt: skip
        try:
            await create_customer(draft=draft, by=SYSTEM)
        except DuplicateFound as found:  # the seeder's tax IDs repeat; a person would confirm
            await create_customer(draft=draft, by=SYSTEM, confirmed_duplicates=[m.customer_id for m in found.matches])


def comparable(row: dict[str, Any]) -> dict[str, Any]:
    values = {key: value for key, value in row.items() if key not in WHEN_AND_WHO}
    values['consent_email_at'] = row['consent_email_at'] is not None
    values['consent_email'] = bool(row['consent_email'])
    values['consent_phone'] = bool(row['consent_phone'])
    return values


async def test_seeded_rows_equal_app_saved_rows(db: str, seeded: str, tmp_path: Path, request: Any) -> None:
    app_url = (
        f'sqlite://{tmp_path / "service.sqlite3"}' if db == 'sqlite' else request.getfixturevalue('postgres_database')
    )
    seeded_db, app_db = Database(seeded), Database(app_url)
    await save_through_the_app(seeded_db)

    customers = 'SELECT * FROM customer ORDER BY id'
    seeded_rows, app_rows = await seeded_db.rows(customers), await app_db.rows(customers)
    assert len(seeded_rows) == CUSTOMERS
    for seeded_row, app_row in zip(seeded_rows, app_rows, strict=True):
        assert comparable(seeded_row) == comparable(app_row)

    links = """SELECT c.number, cat.name FROM customer_category cc JOIN customer c ON c.id = cc.customer_id
               JOIN category cat ON cat.id = cc.category_id ORDER BY 1, 2"""
    assert await seeded_db.rows(links) == await app_db.rows(links)
    counts = """SELECT cat.name, n.customers, n.archived FROM category_count n
                JOIN category cat ON cat.id = n.category_id WHERE n.customers > 0 ORDER BY 1"""
    assert await seeded_db.rows(counts) == await app_db.rows(counts)
    assert await seeded_db.rows('SELECT * FROM counter') == await app_db.rows('SELECT * FROM counter')
    # The list's totals (SQLite: a row kept by triggers, migration 0027; PostgreSQL: a view summing deltas, 0028).
    assert await seeded_db.rows('SELECT * FROM customer_count') == await app_db.rows('SELECT * FROM customer_count')
    assert await seeded_db.rows('SELECT customers FROM customer_count') == [{'customers': CUSTOMERS}]
    registered = """SELECT r.day, COALESCE(cat.name, CAST(r.category_id AS TEXT)) AS category, r.currency, r.registered
                    FROM report_day r LEFT JOIN category cat ON cat.id = r.category_id
                    WHERE r.registered <> 0 ORDER BY 1, 2, 3"""  # the Reports' new customers per day and category
    assert await seeded_db.rows(registered) == await app_db.rows(registered)
    assert len(await seeded_db.rows(registered)) > CATEGORIES
    uncategorised = """SELECT c.number FROM report_uncategorised u JOIN customer c ON c.id = u.customer_id
                       ORDER BY 1"""
    assert await seeded_db.rows(uncategorised) == await app_db.rows(uncategorised)
    audit = "SELECT action, entity, entity_id, detail FROM audit_entry WHERE action = 'customer.create' ORDER BY id"
    assert await seeded_db.rows(audit) == await app_db.rows(audit)

    for term in TERMS:  # the search index answers alike
        if db == 'sqlite':
            found = f'SELECT rowid FROM customer_search WHERE customer_search MATCH \'"{term}"\' ORDER BY rowid'
        else:
            found = f"SELECT id FROM customer WHERE search_text LIKE '%{term}%' ORDER BY id"
        assert await seeded_db.rows(found) == await app_db.rows(found), term
    assert await seeded_db.rows(SCHEMA[db]) == await app_db.rows(SCHEMA[db])  # indexes and triggers kept


SCHEMA = {
    'sqlite': "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name",
    'postgres': """SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE schemaname = 'public'
                   UNION ALL SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
                   UNION ALL SELECT tgname, tgenabled::text FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2""",
}
