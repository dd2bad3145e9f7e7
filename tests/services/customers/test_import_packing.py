"""The compact forms an import keeps of 100,000 rows read back as what was checked: a checked row's new customer
(`rows.pack_row`), a table's cells (`table.Rows`) and the possible duplicates (`possible_duplicates.Found`)."""

from __future__ import annotations

import pickle
from array import array

import pytest

from services.customers.drafts import CustomerDraft, check_draft
from services.customers.duplicates import DuplicateMatch
from services.customers.transfer.possible_duplicates import Found, PossibleDuplicate
from services.customers.transfer.reading import read_table
from services.customers.transfer.rows import NewRow, new_row, pack_row, unpack_row
from services.customers.transfer.table import Rows, Table

DRAFTS = [
    {'name': '(주)김상사', 'kind': 'company', 'email': 'Kim@Bücher.example', 'phone': '010-1234-5678', 'country': 'KR',
     'tax_id': '116-82-00276', 'categories': ['VIP', 'Seoul'], 'note': 'call first', 'payment_terms': '0',
     'consent_email': True},
    {'name': 'José  Müller', 'kind': 'person', 'country': 'ES', 'city': 'Madrid', 'postal_code': '28013'},
    {'name': 'Schneider Gartenbau KG', 'email': 'lukas@web.de', 'country': 'DE', 'tax_id': 'DE332945174',
     'consent_phone': True, 'phone': '+49 170 42147624'},
]  # fmt: skip


def checked(values: dict[str, object]) -> NewRow:
    report = check_draft(CustomerDraft.model_validate(values), frozenset(), [])
    assert not report.errors, report.errors
    return new_row(report, [])


@pytest.mark.parametrize('values', DRAFTS)
def test_a_packed_row_reads_back_as_checked(values: dict[str, object]) -> None:
    row = checked(values)._replace(custom=[(7, {'value_text': 'Cars'})])
    back = unpack_row(pack_row(row))
    assert back == row
    assert list(back.values) == list(row.values)  # the same order
    assert [type(value) for value in back.values.values()] == [type(value) for value in row.values.values()]
    assert len(pack_row(row)) < len(pickle.dumps(tuple(row), pickle.HIGHEST_PROTOCOL)) * 0.7


def test_a_row_with_columns_the_packing_does_not_know_is_refused() -> None:
    row = checked(DRAFTS[0])
    with pytest.raises(ValueError, match='does not know'):
        pack_row(row._replace(values=row.values | {'website': 'https://example.kr'}))
    with pytest.raises(ValueError, match='does not know'):
        pack_row(row._replace(values=row.values | {'name_key': 'not the key of the name'}))


def test_table_rows_read_back_as_their_cells() -> None:
    cells = [['Kim', '', 'kim@example.kr'], ['', '', ''], ['박무역 지점', 'a\x1fb', '=SUM(A1)'], [''], []]
    rows = Rows()
    for row in cells:
        rows.append(row)
    assert len(rows) == 5
    assert [rows[i] for i in range(5)] == cells
    assert list(rows) == cells and rows == cells and cells == rows and rows[1:3] == cells[1:3]
    assert rows != cells[:4] and rows != [*cells[:4], ['x']]
    first = rows[0]
    first[0] = 'changed'
    assert rows[0] == cells[0]  # a row read is a copy
    assert Table(kind='csv', headers=['A'], rows=[['x']], row_numbers=[2]).rows == Rows([['x']])


def test_a_table_read_from_a_file_keeps_its_rows_compactly() -> None:
    text = 'Name,Email\r\nKim,kim@example.kr\r\n"Lee, J",\r\n'
    table = read_table(text.encode(), 'people.csv', max_bytes=2**20)
    assert isinstance(table.rows, Rows)
    assert table.rows == [['Kim', 'kim@example.kr'], ['Lee, J', '']]


def test_possible_duplicates_kept_as_arrays_read_back_as_lists() -> None:
    customer = DuplicateMatch(9, 'C-0009', 'Kim Trading', False, ('phone',))
    listed = {3: [PossibleDuplicate(3, ('phone',), customer=customer)]}
    rows, earlier, codes = array('q', [3, 5, 8]), array('q', [1, 2, 5]), array('b', [1, 2, 0])
    found = Found(listed, rows, earlier, codes)
    assert dict(found) == {
        3: [PossibleDuplicate(3, ('phone',), customer=customer), PossibleDuplicate(3, ('name',), row=1)],
        5: [PossibleDuplicate(5, ('phone', 'name'), row=2)],
        8: [PossibleDuplicate(8, ('phone',), row=5)],
    }
    assert list(found) == [3, 5, 8] and len(found) == 3 and 5 in found and 4 not in found and 'x' not in found
    with pytest.raises(KeyError):
        found[4]
    skipped = [PossibleDuplicate(1, ('name',), row=0)]
    both = found.with_listed({1: skipped})
    assert list(both) == [1, 3, 5, 8] and both[1] == skipped and both[5] == found[5]
    assert dict(Found()) == {}
