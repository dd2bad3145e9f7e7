"""Past imports (list, rejected rows later, undo from the list), possible duplicates in the preview with the
user's choice per row, and deleting a saved mapping."""

from __future__ import annotations

import pytest

from models import Customer, ImportStatus, Role
from services.core.actors import SYSTEM, Actor
from services.core.errors import NotFound, PermissionDenied
from services.customers.registration import create_customer
from services.customers.transfer.history import list_imports, rejected_file
from services.customers.transfer.mapping import delete_mapping, save_mapping, saved_mapping_names
from services.customers.transfer.possible_duplicates import possible_duplicates
from services.customers.transfer.preview import ImportOptions, preview_import
from services.customers.transfer.reading import read_table
from services.customers.transfer.run import run_import
from services.customers.transfer.undo import UndoBlocked, undo_import
from tests.factories import korean_draft

LIMIT = 5 * 1024 * 1024
MEMBER = Actor(id=None, name='Mia Member', role=Role.MEMBER, can_view_notes=True)
MAPPING = ['name', 'email', 'phone', 'postal_code', 'city', 'street']
ROWS = (
    '상호,이메일,휴대폰,우편번호,도시,주소\r\n'
    '김민준,other.kim@example.kr,010-5555-6666,04524,서울,세종대로 1\r\n'  # similar name to the stored 김민준
    '박무역,park@example.kr,010 1234 5678,06236,서울,테헤란로 152\r\n'  # the stored customer's phone
    '최식품,choi@example.kr,010-7777-8888,04524,서울,세종대로 2\r\n'
    '최식품,choi2@example.kr,010-7777-8888,04524,서울,세종대로 3\r\n'  # same phone and name as the row above
    '이정밀,not-an-email,010-3333-4444,48058,부산,중앙대로 1\r\n'
)


async def test_rows_like_a_stored_customer_or_an_earlier_row_are_listed(db: str) -> None:
    stored = await create_customer(draft=korean_draft(), by=SYSTEM)
    table = read_table(ROWS.encode('utf-8'), 'korean.csv', max_bytes=LIMIT)
    options = ImportOptions(mapping=MAPPING, default_country='KR')
    preview = await preview_import(table, options, by=SYSTEM)
    found = (await possible_duplicates(preview.verdicts, options)).found
    assert set(found) == {0, 1, 3}
    assert [(d.customer and d.customer.number, d.reasons) for d in found[0]] == [(stored.number, ('name',))]
    assert [(d.customer and d.customer.number, d.reasons) for d in found[1]] == [(stored.number, ('phone',))]
    assert [(d.row, d.reasons) for d in found[3]] == [(2, ('phone', 'name'))]


async def test_the_choice_per_row_updates_the_listed_customer_or_skips_the_row(db: str) -> None:
    stored = await create_customer(draft=korean_draft(), by=SYSTEM)
    table = read_table(ROWS.encode('utf-8'), 'korean.csv', max_bytes=LIMIT)
    options = ImportOptions(
        mapping=MAPPING, default_country='KR', mode='overwrite', update_targets={1: stored.id}, skipped={3}
    )
    preview = await preview_import(table, options, by=SYSTEM)
    assert [v.verdict for v in preview.verdicts] == ['new', 'update', 'new', 'skipped', 'invalid']
    assert (await possible_duplicates(preview.verdicts, options)).found.keys() == {0, 1}  # row 1 still shows its match
    batch = await run_import(table, options, by=SYSTEM, name='korean.csv', filename='korean.csv')
    assert (batch.created, batch.updated, batch.rejected_count) == (2, 1, 1)
    assert await Customer.filter(phone='+821077778888').count() == 1
    assert (await Customer.get(id=stored.id)).street == '테헤란로 152'  # updated, not a second customer


async def test_past_the_time_budget_only_the_same_name_counts(db: str) -> None:
    await create_customer(draft=korean_draft(), by=SYSTEM)
    table = read_table(ROWS.encode('utf-8'), 'korean.csv', max_bytes=LIMIT)
    options = ImportOptions(mapping=MAPPING, default_country='KR')
    preview = await preview_import(table, options, by=SYSTEM)
    listing = await possible_duplicates(preview.verdicts, options, fuzzy_seconds=0)
    assert (listing.rows, listing.fuzzy_rows) == (4, 0)
    assert set(listing.found) == {0, 1, 3}  # same name key, the stored customer's phone, the earlier row's
    assert [(d.row, d.reasons) for d in listing.found[3]] == [(2, ('phone', 'name'))]


async def test_a_customer_chosen_to_update_that_is_gone_makes_the_row_invalid(db: str) -> None:
    table = read_table(ROWS.encode('utf-8'), 'korean.csv', max_bytes=LIMIT)
    options = ImportOptions(mapping=MAPPING, default_country='KR', update_targets={0: 999})
    preview = await preview_import(table, options, by=SYSTEM)
    assert preview.verdicts[0].verdict == 'invalid'
    assert 'no longer exists' in preview.verdicts[0].reason


async def test_past_imports_are_listed_and_their_rejected_rows_downloaded_later(db: str) -> None:
    table = read_table(ROWS.encode('utf-8'), 'korean.csv', max_bytes=LIMIT)
    options = ImportOptions(mapping=MAPPING, default_country='KR')
    first = await run_import(table, options, by=SYSTEM, name='first', filename='korean.csv')
    second = await run_import(table, ImportOptions(mapping=MAPPING), by=SYSTEM, name='second', filename='b.csv')
    listed = await list_imports(by=MEMBER)
    assert [(p.id, p.filename, p.status) for p in listed] == [
        (second.id, 'b.csv', ImportStatus.DONE),
        (first.id, 'korean.csv', ImportStatus.DONE),
    ]
    assert (listed[1].created, listed[1].updated, listed[1].rejected) == (4, 0, 1)
    name, data = await rejected_file(first.id, by=MEMBER)
    lines = data.decode('utf-8-sig').splitlines()
    assert name == 'korean-not-imported.csv'
    assert lines[0] == 'Row,Reason,상호,이메일,휴대폰,우편번호,도시,주소'
    assert lines[1].startswith('6,') and 'not-an-email' in lines[1]
    with pytest.raises(NotFound):
        await rejected_file(12345, by=MEMBER)


async def test_only_admins_undo_and_a_customer_touched_since_is_named(db: str) -> None:
    table = read_table(ROWS.encode('utf-8'), 'korean.csv', max_bytes=LIMIT)
    batch = await run_import(table, ImportOptions(mapping=MAPPING, default_country='KR'), by=SYSTEM, name='x')
    with pytest.raises(PermissionDenied):
        await undo_import(batch.id, by=MEMBER)
    choi = await Customer.get(email='choi@example.kr')
    choi.version += 1  # as an edit after the import would leave it
    await choi.save()
    with pytest.raises(UndoBlocked) as blocked:
        await undo_import(batch.id, by=SYSTEM)
    assert blocked.value.numbers == [choi.number]
    assert (await list_imports(by=MEMBER))[0].status == ImportStatus.DONE


async def test_a_saved_mapping_can_be_deleted(db: str) -> None:
    await save_mapping('Old tool', ['Firma'], ['name'])
    await save_mapping('Other', ['Name'], ['name'])
    await delete_mapping('Old tool')
    assert await saved_mapping_names() == ['Other']
    with pytest.raises(NotFound):
        await delete_mapping('Old tool')
