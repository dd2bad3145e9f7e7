"""Reading import files built here byte by byte: encodings, delimiters, typed XLSX cells, phone vCards, bad input."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from services.core.i18n import language
from services.customers.transfer.reading import read_table
from services.customers.transfer.table import FileRejected

LIMIT = 5 * 1024 * 1024


def read(data: bytes, name: str, **options: str) -> object:
    return read_table(data, name, max_bytes=LIMIT, **options)


def test_cp949_csv_with_korean_headers() -> None:
    text = (
        '상호,이메일,휴대폰,우편번호,주소\r\n(주)김상사,kim@example.kr,010-1234-5678,04524,서울 중구 세종대로 110\r\n'
    )
    text += '박무역,park@example.kr,010-2222-3333,06236,서울 강남구 테헤란로 152\r\n'
    table = read_table(text.encode('cp949'), '고객.csv', max_bytes=LIMIT)
    assert table.encoding in ('cp949', 'euc_kr')
    assert table.delimiter == ','
    assert table.headers == ['상호', '이메일', '휴대폰', '우편번호', '주소']
    assert table.rows[0] == ['(주)김상사', 'kim@example.kr', '010-1234-5678', '04524', '서울 중구 세종대로 110']
    assert table.row_numbers == [2, 3]


def test_utf16_tsv_as_excel_saves_unicode_text() -> None:
    text = 'Nombre\tCorreo\tTeléfono\tCódigo postal\r\nPeña Hermanos S.L.\tpena@example.es\t+34 912 345 678\t28013\r\n'
    table = read_table(codecs_utf16(text), 'clientes.txt', max_bytes=LIMIT)
    assert table.encoding == 'utf-16'
    assert table.delimiter == '\t'
    assert table.rows == [['Peña Hermanos S.L.', 'pena@example.es', '+34 912 345 678', '28013']]


def codecs_utf16(text: str) -> bytes:
    return text.encode('utf-16')  # BOM + little endian, as Excel's "Unicode Text"


def test_windows_1252_with_semicolons_and_a_user_override() -> None:
    data = 'Name;City;Email\nCafé Müller;Köln;cafe@example.de\nBäckerei Groß;München;info@example.de\n'
    table = read_table(data.encode('cp1252'), 'kunden.csv', max_bytes=LIMIT)
    assert table.delimiter == ';'
    assert table.rows[0] == ['Café Müller', 'Köln', 'cafe@example.de']
    assert table.encoding == 'cp1252'
    forced = read_table(data.encode('cp1252'), 'kunden.csv', max_bytes=LIMIT, encoding='latin-1', delimiter=',')
    assert forced.headers == ['Name;City;Email']


def test_utf8_with_bom_and_ragged_rows_and_control_characters() -> None:
    data = '\ufeffName,Email\nAda,ada@example.com\nBob,bob@example.com,extra\nCy\x07ra,cyra@example.com\nDee\n'
    table = read_table(data.encode(), 'a.csv', max_bytes=LIMIT)
    assert table.encoding == 'utf-8-sig'
    assert table.headers == ['Name', 'Email']
    assert 1 in table.row_problems and 'header has 2 columns' in table.row_problems[1]
    assert table.rows[2][0] == 'Cyra'
    assert not table.cell_problems[(2, 0)].blocking
    assert table.rows[3] == ['Dee', '']  # short rows are padded


def test_xlsx_typed_cells_keep_what_the_sheet_shows() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(['Name', 'Postal code', 'Zip as number', 'Terms', 'Since', 'Rate', 'Link'])
    sheet.append(['Kim Trading', '04524', 4524, 30, date(2024, 3, 1), 2.5, '=HYPERLINK("http://x.example","x")'])
    sheet.append(['Lee Design', '06236', 6236, 14.0, datetime(2024, 3, 2, 9, 30), 0.1, ''])
    sheet['C2'].number_format = '00000'
    second = book.create_sheet('Other')
    second.append(['Name'])
    second.append(['Only here'])
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(buffer.getvalue(), 'customers.xlsx', max_bytes=LIMIT)
    assert table.sheets == ['Sheet', 'Other']
    assert table.rows[0][:6] == ['Kim Trading', '04524', '04524', '30', '2024-03-01', '2.5']
    assert table.rows[1][:6] == ['Lee Design', '06236', '6236', '14', '2024-03-02 09:30', '0.1']
    assert table.cell_problems[(0, 6)].blocking  # the formula is not imported
    other = read_table(buffer.getvalue(), 'customers.xlsx', max_bytes=LIMIT, sheet='Other')
    assert other.rows == [['Only here']]


PHONE_EXPORT = (
    'BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.2//EN\r\nN:Doe;Jane;;;\r\nFN:Jane Doe\r\n'
    'ORG:Acme GmbH;\r\nitem1.EMAIL;type=INTERNET;type=pref:jane@example.com\r\nTEL;type=CELL;type=VOICE;type=pref:'
    '+49 151 2345 6789\r\nitem2.ADR;type=WORK;type=pref:;;Hauptstra\r\n ße 5;Berlin;;10115;Germany\r\n'
    'X-ABShowAs:PERSON\r\nNOTE:Met at the fair\\, liked\r\n  the demo\r\nEND:VCARD\r\n'
    'BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:org\r\nFN:Kim Trading\r\nORG:Kim Trading\r\nEMAIL:info@kim.example\r\n'
    'TEL;VALUE=uri;TYPE=work:tel:+82-2-1234-5678\r\nX-UNKNOWN-THING;FOO=bar:whatever\r\nEND:VCARD\r\n'
    'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Broken\r\nEMAIL;type=INTERNET\r\nEND:VCARD\r\n'
)


def test_phone_vcard_with_several_contacts_folded_lines_and_unknown_properties() -> None:
    table = read_table(PHONE_EXPORT.encode(), 'contacts.vcf', max_bytes=LIMIT)
    rows = [dict(zip(table.headers, row, strict=True)) for row in table.rows]
    assert len(rows) == 3
    assert rows[0]['Name'] == 'Jane Doe'
    assert rows[0]['Type'] == 'person'
    assert rows[0]['Street'] == 'Hauptstraße 5'
    assert (rows[0]['Postal code'], rows[0]['City'], rows[0]['Country']) == ('10115', 'Berlin', 'Germany')
    assert rows[0]['Email'] == 'jane@example.com'
    assert rows[0]['Phone'] == '+49 151 2345 6789'
    assert rows[0]['Note'] == 'Met at the fair, liked the demo'
    assert (rows[1]['Name'], rows[1]['Type'], rows[1]['Phone']) == ('Kim Trading', 'company', '+82-2-1234-5678')
    assert 2 in table.row_problems or rows[2]['Email'] == ''


@pytest.mark.parametrize(
    ('data', 'name', 'words'),
    [
        (b'', 'empty.csv', 'empty'),
        (b'%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00\x01\x02\x03\x04\x05\x06', 'list.csv', 'not a CSV'),
        (b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + bytes(100), 'old.xls', 'old Excel'),
        (b'PK\x03\x04 not really a zip', 'broken.xlsx', 'ZIP'),
        (b'Name,Email\nAda,ada@example.com\n', 'list.xlsx', 'named list.xlsx'),
        (b'Name,Email\n', 'header-only.csv', 'no rows'),
        (b'Name\nAda\n', 'notes.docx', 'Only .csv'),
    ],
)
def test_bad_files_get_a_clear_message(data: bytes, name: str, words: str) -> None:
    with pytest.raises(FileRejected) as raised:
        read_table(data, name, max_bytes=LIMIT)
    assert words in raised.value.message


def test_a_damaged_workbook_and_a_file_over_the_limit() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w') as archive:
        archive.writestr('[Content_Types].xml', '<Types/>')
        archive.writestr('xl/workbook.xml', '<workbook><sheets><sheet')
    with pytest.raises(FileRejected, match='damaged'):
        read_table(buffer.getvalue(), 'x.xlsx', max_bytes=LIMIT)
    with pytest.raises(FileRejected, match='larger than the limit of 1 MB'):
        read_table(b'Name\n' + b'x' * (1024 * 1024), 'big.csv', max_bytes=1024 * 1024)


def test_a_cell_past_the_csv_size_limit_is_refused_in_the_users_language() -> None:
    data = ('Name,Email\r\n"Ana,ana@example.com\r\n' + 'x' * (200 * 1024)).encode()
    with language('es'), pytest.raises(FileRejected) as raised:
        read(data, 'clientes.csv')
    assert str(raised.value) == (
        'No se pudo leer el archivo como CSV: la línea 2 tiene una celda de más de 131.072 caracteres'
        ' (¿quedan unas comillas sin cerrar?)'
    )
