"""Settings -> Audit log reads: entries name what they are about as people know it, and days are the company's days."""

from datetime import UTC, date, datetime

from models import AuditEntry
from services.core.actors import SYSTEM
from services.core.audit import list_entries, name_once
from services.core.clock import remember_company_zone
from services.customers.registration import create_customer
from tests.factories import korean_draft


async def test_entries_name_customers_by_number_not_by_database_id(db: str) -> None:
    await create_customer(by=SYSTEM, draft=korean_draft(name='Kim'))
    second = await create_customer(by=SYSTEM, draft=korean_draft(name='Lee', email='lee@example.kr'))
    await AuditEntry.create(actor_name='x', action='customer.archive', entity='customer', entity_id=987654)
    page = await list_entries(by=SYSTEM)
    targets = {(row.action, row.target) for row in page.rows if row.entity == 'customer'}
    assert ('customer.create', second.number) in targets
    assert ('customer.create', 'C-00001') in targets
    assert ('customer.archive', '') in targets  # gone: the page falls back to the id
    assert {row.about for row in page.rows if row.action == 'customer.archive'} == {'#987654'}


async def test_date_filter_takes_whole_days_in_the_company_time_zone(db: str) -> None:
    remember_company_zone('Asia/Seoul')
    try:
        # 2026-12-01 08:30 in Seoul is 2026-11-30 23:30 UTC: it belongs to December 1st for a Seoul office.
        await AuditEntry.create(actor_name='x', action='login.success', at=datetime(2026, 11, 30, 23, 30, tzinfo=UTC))
        await AuditEntry.create(actor_name='y', action='login.success', at=datetime(2026, 11, 30, 14, 30, tzinfo=UTC))
        december = await list_entries(by=SYSTEM, since=date(2026, 12, 1), until=date(2026, 12, 1))
        november = await list_entries(by=SYSTEM, since=date(2026, 11, 30), until=date(2026, 11, 30))
    finally:
        remember_company_zone('')
    assert [row.actor_name for row in december.rows] == ['x']
    assert [row.actor_name for row in november.rows] == ['y']


def test_an_entry_names_its_target_once_when_the_detail_names_it_too() -> None:
    assert name_once('C-00407', 'C-00407') == 'C-00407'
    assert name_once('2026-0007', '2026-0007 payment 3') == '2026-0007 payment 3'
    assert name_once('C-00001', 'C-00002 merged into C-00001: 1 invoices, 0 notes moved').count('C-00001') == 1
    assert name_once('C-00001', 'merge of C-00002') == 'C-00001 merge of C-00002'
    assert name_once('C-0040', 'C-00407') == 'C-0040 C-00407'  # a different number that begins the same
    assert name_once('', 'first admin') == 'first admin'
    assert name_once('Tea', '') == 'Tea'


async def test_a_page_past_the_end_is_the_last_page(db: str) -> None:
    for number in range(5):
        await AuditEntry.create(actor_name='x', action='login.success', detail=f'entry {number}')
    for asked in (3, 10**30):  # a mangled request from the browser: no overflow, the last page
        page = await list_entries(by=SYSTEM, page=asked, per_page=2)
        assert (page.page, len(page.rows), page.total) == (3, 1, 5)
    empty = await list_entries(by=SYSTEM, page=4, search='nobody wrote this')
    assert (empty.page, empty.rows) == (1, [])
