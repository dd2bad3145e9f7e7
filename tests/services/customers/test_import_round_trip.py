"""An exported file imports back to the same customers (CSV, XLSX, vCard), and an import can be undone."""

from __future__ import annotations

import pytest

from models import Customer, ImportStatus
from services.core.actors import SYSTEM
from services.core.i18n import _, language
from services.customers.csv_export import export_customers_csv, export_customers_xlsx
from services.customers.edit.change import change_customer
from services.customers.registration import create_customer
from services.customers.transfer.mapping import guess_mapping
from services.customers.transfer.preview import ImportOptions, preview_import
from services.customers.transfer.reading import read_table
from services.customers.transfer.run import run_import
from services.customers.transfer.undo import UndoBlocked, undo_import
from services.customers.transfer.vcard_export import export_customers_vcard
from tests.factories import korean_draft, spanish_draft

LIMIT = 5 * 1024 * 1024
COLUMNS = ('name', 'kind', 'email', 'phone', 'street', 'postal_code', 'city', 'country', 'tax_id')
# The fields of an export's columns, in order (then Created and Archived, which an import leaves alone).
EXPORTED = ['number', 'name', 'kind', 'contact_person', 'email', 'phone', 'street', 'postal_code', 'city', 'country',
            'tax_id', 'payment_terms', 'categories']  # fmt: skip


@pytest.mark.parametrize('kind', ['csv', 'xlsx', 'vcf'])
async def test_an_exported_file_imports_back_to_the_same_customers(db: str, kind: str) -> None:
    await create_customer(draft=korean_draft(categories=['VIP', '서울']), by=SYSTEM)
    await create_customer(draft=spanish_draft(categories=['Madrid']), by=SYSTEM)
    ids = list(await Customer.all().values_list('id', flat=True))
    export = {'csv': export_customers_csv, 'xlsx': export_customers_xlsx, 'vcf': export_customers_vcard}[kind]
    data = await export(ids, by=SYSTEM)
    table = read_table(data, f'customers.{kind}', max_bytes=LIMIT)
    mapping = guess_mapping(table.headers, table.rows)
    preview = await preview_import(
        table, ImportOptions(mapping=mapping, match_key='number', mode='overwrite'), by=SYSTEM
    )
    assert preview.counts['unchanged'] == 2, [(v.verdict, v.problems, v.changes) for v in preview.verdicts]
    before = await Customer.all().order_by('number').values(*COLUMNS)
    await Customer.all().delete()
    batch = await run_import(table, ImportOptions(mapping=mapping, match_key='none'), by=SYSTEM, name='again')
    assert batch.created == 2
    after = await Customer.all().order_by('number').values(*COLUMNS)
    assert sorted(after, key=str) == sorted(before, key=str)


ROWS = 'Name,Email,Phone,Country,Street,Postal code,City\n최식품,minjun.kim@example.kr,010-9999-8888,KR,,,\n'
ROWS += 'Ana,ana@example.es,612345678,ES,Calle Mayor 1,28013,Madrid\n'


async def test_undo_removes_created_and_restores_overwritten(db: str) -> None:
    kim = await create_customer(draft=korean_draft(), by=SYSTEM)
    table = read_table(ROWS.encode(), 'x.csv', max_bytes=LIMIT)
    options = ImportOptions(mapping=guess_mapping(table.headers, table.rows), mode='overwrite')
    batch = await run_import(table, options, by=SYSTEM, name='x.csv')
    assert (batch.created, batch.updated, batch.rejected_count) == (1, 1, 0)
    assert (await Customer.get(id=kim.id)).name == '최식품'
    result = await undo_import(batch.id, by=SYSTEM)
    assert (result.deleted, result.restored) == (1, 1)
    assert await Customer.filter(email='ana@example.es').count() == 0
    stored = await Customer.get(id=kim.id)
    assert (stored.name, stored.phone) == ('김민준', '+821012345678')
    assert (await type(batch).get(id=batch.id)).status == ImportStatus.UNDONE


async def test_undo_says_which_customers_were_changed_since(db: str) -> None:
    await create_customer(draft=korean_draft(), by=SYSTEM)
    table = read_table(ROWS.encode(), 'x.csv', max_bytes=LIMIT)
    options = ImportOptions(mapping=guess_mapping(table.headers, table.rows), mode='overwrite')
    batch = await run_import(table, options, by=SYSTEM, name='x.csv')
    ana = await Customer.get(email='ana@example.es')
    await change_customer(ana.id, {'city': 'Sevilla'}, expected_version=ana.version, by=SYSTEM)
    with pytest.raises(UndoBlocked) as blocked:
        await undo_import(batch.id, by=SYSTEM)
    assert blocked.value.numbers == [ana.number]
    assert await Customer.filter(email='ana@example.es').count() == 1


@pytest.mark.parametrize('code', ['en', 'es', 'ko'])
async def test_an_export_in_any_language_maps_its_columns_back_by_their_headers(db: str, code: str) -> None:
    view = await create_customer(draft=spanish_draft(), by=SYSTEM)
    with language(code):
        data = await export_customers_csv([view.id], by=SYSTEM)
        tax_id_header = _('Tax ID')
    table = read_table(data, 'customers.csv', max_bytes=LIMIT)
    mapping = guess_mapping(table.headers, table.rows)
    assert mapping == [*EXPORTED, 'ignore', 'ignore'], list(
        zip(table.headers, mapping, strict=True)
    )  # + Created, Archived
    assert dict(zip(table.headers, mapping, strict=True))[tax_id_header] == 'tax_id'
