"""Importing real files: mapping guesses, the preview's verdicts, matching by email, rejected rows."""

from __future__ import annotations

import io

from openpyxl import Workbook

from models import Customer, ImportBatch, ImportChange, ImportStatus
from services.core.actors import SYSTEM
from services.core.i18n import language
from services.customers.registration import create_customer
from services.customers.transfer import checking
from services.customers.transfer.mapping import apply_saved_mapping, guess_mapping, save_mapping, saved_mapping_names
from services.customers.transfer.preview import ImportOptions, preview_import
from services.customers.transfer.reading import read_table
from services.customers.transfer.run import rejected_csv, run_import
from services.customers.transfer.table import Table
from tests.factories import korean_draft

LIMIT = 5 * 1024 * 1024
KOREAN = (
    '상호,이메일,휴대폰,우편번호,도시,주소\r\n'
    '김상사,kim@example.kr,010-1234-5678,04524,서울,세종대로 110\r\n'
    '박무역,park@example.kr,010-2222-3333,06236,서울,테헤란로 152\r\n'
    '박무역 지점,PARK@example.kr,010-2222-4444,06236,서울,테헤란로 153\r\n'
    '이정밀,not-an-email,010-3333-4444,48058,부산,중앙대로 1\r\n'
    '최식품,minjun.kim@example.kr,010-9999-8888,04524,서울,세종대로 110\r\n'
)


def test_first_guesses_from_korean_spanish_and_english_headers_and_from_values() -> None:
    headers = ['상호', '이메일', '휴대폰', '우편번호', '사업자등록번호', 'Código postal', 'Correo', 'x', 'y']
    rows = [['a', 'a@b.kr', '010', '1', '2', '3', 'c@d.es', 'e@f.example', '+82 10 1234 5678']]
    assert guess_mapping(headers, rows) == [
        'name', 'email', 'phone', 'postal_code', 'tax_id', 'ignore', 'ignore', 'ignore', 'ignore',
    ]  # fmt: skip
    assert guess_mapping(['Nombre', 'x', 'y'], [['Ana', 'ana@example.es', '+34 612 34 56 78']]) == [
        'name', 'email', 'phone',
    ]  # fmt: skip


async def test_cp949_file_previews_and_imports_and_matching_by_email_updates(db: str) -> None:
    await create_customer(draft=korean_draft(), by=SYSTEM)
    table = read_table(KOREAN.encode('cp949'), '고객.csv', max_bytes=LIMIT)
    mapping = guess_mapping(table.headers, table.rows[:20])
    assert mapping == ['name', 'email', 'phone', 'postal_code', 'city', 'street']
    options = ImportOptions(mapping=mapping, match_key='email', mode='fill', default_country='KR')
    preview = await preview_import(table, options, by=SYSTEM)
    counts = preview.counts
    assert (counts['new'], counts['unchanged'], counts['invalid'], counts['duplicate']) == (2, 1, 1, 1)
    options.mode = 'overwrite'
    assert (await preview_import(table, options, by=SYSTEM)).counts['update'] == 1
    invalid = preview.first('invalid')[0]
    assert 1 in invalid.problems  # the email column
    options.fixes[(3, 1)] = 'lee@example.kr'  # fixing the cell in the preview makes the row new
    assert (await preview_import(table, options, by=SYSTEM)).counts['new'] == 3
    options.skipped.add(2)
    seen: list[tuple[int, int]] = []
    batch = await run_import(table, options, by=SYSTEM, name='고객.csv', progress=lambda d, t: seen.append((d, t)))
    assert batch.status == ImportStatus.DONE
    assert (batch.created, batch.updated, batch.rejected_count) == (3, 1, 0)
    assert seen[-1] == (5, 5)
    assert await Customer.all().count() == 4  # matched by email: updated, not duplicated
    kim = await Customer.get(email_key='minjun.kim@example.kr')
    assert (kim.name, kim.phone) == ('최식품', '+821099998888')
    lee = await Customer.get(email='lee@example.kr')
    assert (lee.phone, lee.country, lee.postal_code) == ('+821033334444', 'KR', '48058')
    assert await ImportChange.filter(batch_id=batch.id).count() == 4


async def test_errors_and_in_file_duplicates_are_rejected_with_reasons(db: str) -> None:
    table = read_table(KOREAN.encode('cp949'), '고객.csv', max_bytes=LIMIT)
    options = ImportOptions(mapping=guess_mapping(table.headers, table.rows), default_country='KR')
    batch = await run_import(table, options, by=SYSTEM, name='x')
    assert (batch.created, batch.rejected_count) == (3, 2)
    text = rejected_csv(table.headers, batch).decode('utf-8-sig')
    assert text.splitlines()[0] == 'Row,Reason,상호,이메일,휴대폰,우편번호,도시,주소'
    assert 'Same email as an earlier row' in text
    assert 'not-an-email' in text


async def test_xlsx_numbers_and_leading_zeros(db: str) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(['Name', 'Email', 'Phone', 'Postal code', 'City', 'Street', 'Country', 'Payment terms'])
    sheet.append(['Kim Trading', 'info@kim.example', '02-1234-5678', '04524', 'Seoul', 'Sejong-daero 1', 'KR', 30])
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(buffer.getvalue(), 'c.xlsx', max_bytes=LIMIT)
    options = ImportOptions(mapping=guess_mapping(table.headers, table.rows))
    batch = await run_import(table, options, by=SYSTEM, name='c.xlsx')
    assert batch.created == 1
    customer = await Customer.get(name='Kim Trading')
    assert (customer.postal_code, customer.payment_terms_days, customer.phone) == ('04524', 30, '+82212345678')


async def test_a_saved_mapping_applies_by_header_name(db: str) -> None:
    await save_mapping('Old tool', ['Firma', 'Mail', 'Extra'], ['name', 'email', 'ignore'])
    assert await saved_mapping_names() == ['Old tool']
    assert await apply_saved_mapping('Old tool', ['Mail', 'Firma', 'New']) == ['email', 'name', 'ignore']


async def test_nul_characters_in_raw_cells_headers_and_names_are_kept_as_replacement_characters(db: str) -> None:
    """PostgreSQL's text and JSON cannot hold U+0000 (SQLite can): a table built by a caller that did not read a file
    (the save fuzz found it) stores its rejected rows, headers, file and mapping names the same on both engines."""
    table = Table(kind='csv', headers=['Name', 'Email', 'Note\x00'], rows=[['Kim', 'not-an-email', 'a\x00b']],
                  row_numbers=[2])  # fmt: skip
    options = ImportOptions(mapping=['name', 'email', 'ignore'], default_country='KR')
    batch = await run_import(table, options, by=SYSTEM, name='x\x00', filename='f\x00.csv')
    stored = await ImportBatch.get(id=batch.id)
    assert (stored.name, stored.filename, stored.rejected_count) == ('x\ufffd', 'f\ufffd.csv', 1)
    assert stored.headers == ['Name', 'Email', 'Note\ufffd']
    assert stored.rejected[0][-1] == 'a\ufffdb'
    await save_mapping('Old\x00tool', ['Fir\x00ma'], ['name'])
    assert await saved_mapping_names() == ['Old\ufffdtool']


async def test_a_preview_reusing_the_checks_of_another_does_not_see_its_matching(db: str) -> None:
    rows = [
        f'Kunde {n},same@example.de,+49 30 1234{n:04d},Hauptstraße 1,10115,Berlin'
        for n in range(checking.IN_PROCESS + 6)
    ]
    table = read_table(
        ('Name,Email,Phone,Street,Postal code,City\r\n' + '\r\n'.join(rows)).encode(), 'kunden.csv', max_bytes=LIMIT
    )
    options = ImportOptions(
        mapping=['name', 'email', 'phone', 'street', 'postal_code', 'city'], match_key='email', default_country='DE'
    )
    by_email = await preview_import(table, options, by=SYSTEM)  # checked in worker processes
    assert by_email.counts['duplicate'] == len(rows) - 1
    options.match_key = 'number'  # the rows have none: nothing to match, no duplicates
    reused = await preview_import(table, options, by=SYSTEM, earlier=by_email)  # same rules: checks reused
    assert reused.counts['new'] == len(rows)
    assert all(not verdict.problems for verdict in reused.verdicts)
    assert (await preview_import(table, options, by=SYSTEM, earlier=reused)).counts['new'] == len(rows)


async def test_an_import_flags_postal_codes_no_province_has(db: str) -> None:
    text = (
        'Nombre,Correo,Código postal,Ciudad\r\n'
        'Peña S.L.,pena@example.es,99000,Madrid\r\n'
        'Sol S.L.,sol@example.es,28013,Madrid\r\n'
    )
    table = read_table(text.encode(), 'clientes.csv', max_bytes=LIMIT)
    options = ImportOptions(mapping=['name', 'email', 'postal_code', 'city'], default_country='ES')
    preview = await preview_import(table, options, by=SYSTEM)
    assert [2 in verdict.problems for verdict in preview.verdicts] == [True, False]  # column 2: the postal code


async def test_the_summary_counts_the_rows_the_user_skipped(db: str) -> None:
    rows = [f'Kunde {n},k{n}@example.de,+49 30 1234{n:04d},Hauptstraße 1,10115,Berlin' for n in range(3)]
    text = 'Name,Email,Phone,Street,Postal code,City\r\n' + '\r\n'.join(rows)
    table = read_table(text.encode(), 'list.csv', max_bytes=LIMIT)
    mapping = ['name', 'email', 'phone', 'street', 'postal_code', 'city']
    options = ImportOptions(mapping=mapping, default_country='DE', skipped={1})
    batch = await run_import(table, options, by=SYSTEM, name='x')
    assert (batch.created, batch.skipped, batch.rejected_count) == (2, 1, 0)
    assert (await ImportBatch.get(id=batch.id)).skipped == 1


async def test_a_duplicate_in_the_file_is_named_by_its_key_in_the_users_language(db: str) -> None:
    """The reason names the match key as the user reads it, not by its code ("Same tax_id as …")."""
    csv = (
        'Name,Tax ID,Country,Postal code,City,Street\r\n'
        'Uno SL,B64717838,ES,28013,Madrid,Calle Mayor 1\r\n'
        'Dos SL,B64717838,ES,28013,Madrid,Calle Mayor 2\r\n'
    )
    table = read_table(csv.encode(), 'clientes.csv', max_bytes=LIMIT)
    options = ImportOptions(mapping=guess_mapping(table.headers, table.rows), match_key='tax_id')
    with language('es'):
        preview = await preview_import(table, options, by=SYSTEM)
    (duplicate,) = [verdict for verdict in preview.verdicts if verdict.verdict == 'duplicate']
    reason = list(duplicate.problems.values())[-1]
    assert reason == 'Mismo número de identificación fiscal que una fila anterior del archivo'
