"""Reading an uploaded file into a table of text cells: CSV/TSV, XLSX and vCard, checked by content on the server.

`read_table(data, filename)` decides the real type from the bytes (the name only has to agree with it), then:
- text files: the encoding (BOM, else strict UTF-8, else charset-normalizer among UTF-16, CP949/EUC-KR and
  Windows-1252) and the delimiter (`,` `;` tab `|`, by how evenly they split the first lines) are detected; both
  can be overridden by the caller;
- XLSX: openpyxl in read-only mode, links to other workbooks not loaded, macros never run; numbers and dates are
  typed cells and come back as their plain text (`4567.0` -> `4567`, a date -> `2024-03-01`, a number shown with
  a `00000` format keeps its leading zeros), text cells as they are (so `04524` stays `04524`);
- vCard 3.0/4.0: vobject, one card per row (folded lines unfolded, unknown properties ignored).

Whole-file problems raise `FileRejected` with a message for the user; problems of one row or cell (a ragged row, a
formula, removed control characters, a card that cannot be parsed) are kept in `Table.row_problems` /
`Table.cell_problems`. Nothing here raises anything else for bad input.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from charset_normalizer import from_bytes

from services.core.i18n import _
from services.core.values.formats import format_whole
from services.customers.transfer.table import FileRejected, Rows, Table, add_row, headers_of

TEXT_KINDS = ('csv', 'tsv')
KINDS = ('csv', 'tsv', 'xlsx', 'vcard')
EXTENSIONS = {'.csv': 'csv', '.txt': 'csv', '.tsv': 'tsv', '.tab': 'tsv', '.xlsx': 'xlsx', '.vcf': 'vcard'}
EXTENSIONS |= {'.vcard': 'vcard'}
DELIMITERS = (',', ';', '\t', '|')
# Encodings charset-normalizer may choose among when a text file is neither UTF-8 nor marked by a BOM.
CANDIDATE_ENCODINGS = ['utf_16', 'utf_16_le', 'utf_16_be', 'cp949', 'euc_kr', 'cp1252']
ENCODING_CHOICES = ('utf-8', 'utf-8-sig', 'utf-16', 'cp949', 'euc-kr', 'cp1252', 'latin-1')
SAMPLE_BYTES = 64 * 1024
XLSX_EXPANSION = 30  # an XLSX may unpack to at most this many times the upload limit (zip bombs)
ZIP_MAGIC = b'PK\x03\x04'
OLE_MAGIC = b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1'  # .xls, .doc: the old binary Office formats


def detect_kind(data: bytes, filename: str) -> str:
    """The file's real kind from its bytes, checked against its name.

    Raises:
        FileRejected: empty, an unknown or unsupported type, or a name that claims another type than the content.
    """
    if not data:
        raise FileRejected(_('The file is empty (0 bytes).'))
    claimed = EXTENSIONS.get(_extension(filename))
    if data.startswith(OLE_MAGIC):
        raise FileRejected(_('This is an old Excel (.xls) or other Office file: save it as .xlsx or CSV first.'))
    if data.startswith(ZIP_MAGIC):
        actual = 'xlsx' if _is_xlsx(data) else ''
        if not actual:
            raise FileRejected(_('This is a ZIP archive, not an Excel workbook (.xlsx).'))
    elif _looks_like_vcard(data):
        actual = 'vcard'
    elif _looks_like_text(data):
        actual = claimed if claimed in TEXT_KINDS else 'csv'
    else:
        raise FileRejected(_('This file is not a CSV, TSV, Excel (.xlsx) or vCard file.'))
    if claimed is None and _extension(filename):
        raise FileRejected(_('Only .csv, .tsv, .xlsx and .vcf files can be imported.'))
    if claimed is not None and claimed != actual and not (claimed in TEXT_KINDS and actual in TEXT_KINDS):
        raise FileRejected(
            _('The file is named {name} but its content is {kind}.').format(name=filename, kind=_kind_name(actual))
        )
    return actual


def read_table(
    data: bytes,
    filename: str,
    *,
    max_bytes: int,
    encoding: str = '',
    delimiter: str = '',
    sheet: str = '',
) -> Table:
    """Read an uploaded file; `encoding`, `delimiter` (text files) and `sheet` (XLSX) override what is detected.

    Raises:
        FileRejected: over `max_bytes`, empty, not what it claims, damaged, or without any rows.
    """
    if len(data) > max_bytes:
        raise FileRejected(
            _('The file is larger than the limit of {size} MB.').format(size=max(1, max_bytes // (1024 * 1024)))
        )
    kind = detect_kind(data, filename)
    if kind == 'xlsx':
        table = _read_xlsx(data, sheet=sheet, max_bytes=max_bytes)
    elif kind == 'vcard':
        from services.customers.transfer.vcards import read_vcards

        table = read_vcards(decode(data, encoding)[0])
    else:
        text, used = decode(data, encoding)
        table = read_delimited(text, delimiter or sniff_delimiter(text, tsv=kind == 'tsv'), kind=kind)
        table.encoding = used
    if not table.headers or not table.rows:
        raise FileRejected(_('The file has no rows to import (a header row and at least one row are needed).'))
    return table


def decode(data: bytes, encoding: str = '') -> tuple[str, str]:
    """The text of a file and the encoding it was read with (`encoding` if given, else detected).

    Raises:
        FileRejected: the given encoding is unknown or does not fit the bytes; no encoding fits.
    """
    if encoding:
        try:
            codecs.lookup(encoding)
            return data.decode(encoding), encoding
        except LookupError:
            raise FileRejected(_('Unknown encoding: {name}').format(name=encoding)) from None
        except UnicodeDecodeError:
            raise FileRejected(
                _('The file cannot be read as {name}: choose another encoding.').format(name=encoding)
            ) from None
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data, 'utf-8-sig'), 'utf-8-sig'
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, 'utf-16'), 'utf-16'
    try:
        return data.decode('utf-8'), 'utf-8'
    except UnicodeDecodeError:
        pass
    for sample in (_sample(data), data):
        best = from_bytes(sample, cp_isolation=CANDIDATE_ENCODINGS).best()
        if best is not None:
            name = codecs.lookup(best.encoding).name
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                continue
    raise FileRejected(_('The text encoding of this file could not be recognised: choose one.'))


def sniff_delimiter(text: str, *, tsv: bool = False) -> str:
    """The delimiter that splits the first lines most evenly into more than one column (tab for `.tsv` files)."""
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    if tsv and lines and '\t' in lines[0]:
        return '\t'
    best, best_score = ',', 0.0
    for candidate in DELIMITERS:
        try:
            widths = [len(row) for row in csv.reader(lines, delimiter=candidate)]
        except csv.Error:  # a cell past the size limit: `read_delimited` says so
            continue
        if not widths or widths[0] < 2:
            continue
        even = sum(1 for width in widths if width == widths[0]) / len(widths)
        score = even * 10 + min(widths[0], 50) / 50
        if score > best_score:
            best, best_score = candidate, score
    return best


def read_delimited(text: str, delimiter: str, *, kind: str = 'csv') -> Table:
    """Rows of a delimited text; rows longer than the header are problems, shorter ones are padded."""
    if text.startswith('\ufeff'):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=''), delimiter=delimiter, strict=False)
    table = Table(kind=kind, headers=[], rows=Rows(), row_numbers=[], delimiter=delimiter)
    line = 0
    try:
        for raw in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in raw):
                continue
            if not table.headers:
                table.headers = headers_of(raw)
                continue
            add_row(table, raw, line)
    except csv.Error:  # with strict=False only a cell past the size limit (often a quotation mark never closed)
        message = _(
            'The file could not be read as CSV: line {line} has a cell longer than {count} characters'
            ' (is a quotation mark left open?)'
        )
        raise FileRejected(message.format(line=line + 1, count=format_whole(csv.field_size_limit()))) from None
    return table


def _read_xlsx(data: bytes, *, sheet: str, max_bytes: int) -> Table:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > max_bytes * XLSX_EXPANSION:
                raise FileRejected(_('This workbook unpacks to far more than the size limit.'))
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False, keep_vba=False)
    except FileRejected:
        raise
    except Exception:
        raise FileRejected(_('The Excel workbook could not be read: it may be damaged.')) from None
    try:
        names = list(book.sheetnames)
        if sheet and sheet not in names:
            raise FileRejected(_('The workbook has no sheet named {name}.').format(name=sheet))
        chosen = sheet or names[0]
        table = Table(kind='xlsx', headers=[], rows=Rows(), row_numbers=[], sheets=names, sheet=chosen)
        for number, cells in enumerate(book[chosen].iter_rows(), start=1):
            values = [_cell_text(cell) for cell in cells]
            if not any(value.strip() for value in values):
                continue
            if not table.headers:
                table.headers = headers_of(values)
                continue
            formulas = frozenset(i for i, cell in enumerate(cells) if getattr(cell, 'data_type', '') == 'f')
            add_row(table, values, number, formulas)
        return table
    except FileRejected:
        raise
    except Exception:
        raise FileRejected(_('The Excel workbook could not be read: it may be damaged.')) from None
    finally:
        book.close()


def _cell_text(cell: Any) -> str:
    """A typed cell as text: integral numbers without `.0`, dates in ISO form, a `00000` format's leading zeros."""
    value = getattr(cell, 'value', None)
    if value is None:
        return ''
    if isinstance(value, bool):
        return 'yes' if value else 'no'
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=' ', timespec='minutes')
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
        text = str(int(number)) if number == number.to_integral_value() else format(number.normalize(), 'f')
        zeros = str(getattr(cell, 'number_format', '') or '')
        if zeros and set(zeros) == {'0'} and text.isdigit():
            text = text.zfill(len(zeros))
        return text
    return str(value)


def _is_xlsx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return '[Content_Types].xml' in names and any(name.startswith('xl/') for name in names)


def _looks_like_vcard(data: bytes) -> bool:
    head = data[:200]
    for bom, codec in ((codecs.BOM_UTF16_LE, 'utf-16'), (codecs.BOM_UTF16_BE, 'utf-16')):
        if head.startswith(bom):
            head = head.decode(codec, errors='ignore').encode()
    return head.lstrip(codecs.BOM_UTF8).lstrip().upper().startswith(b'BEGIN:VCARD')


def _looks_like_text(data: bytes) -> bool:
    """No NUL bytes (unless UTF-16, with a BOM or every other byte zero) and few other control bytes."""
    sample = data[:SAMPLE_BYTES]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    if b'\x00' in sample:
        halves = sample[1::2], sample[0::2]
        return any(half.count(0) > len(half) * 0.6 for half in halves) and sample.count(0) < len(sample) * 0.6
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 13, 12))
    return controls <= 5 + len(sample) // 100


def _sample(data: bytes) -> bytes:
    if len(data) <= SAMPLE_BYTES:
        return data
    cut = data.rfind(b'\n', 0, SAMPLE_BYTES)
    return data[: cut + 1] if cut > 0 else data[:SAMPLE_BYTES]


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise FileRejected(
            _('The file says it is {name} but has bytes that are not: it may be damaged.').format(name=encoding)
        ) from None


def _extension(filename: str) -> str:
    name = filename.rsplit('/', 1)[-1].rsplit('\\', 1)[-1]
    return '.' + name.rsplit('.', 1)[-1].lower() if '.' in name else ''


def _kind_name(kind: str) -> str:
    return {'xlsx': _('an Excel workbook'), 'vcard': _('vCard contacts')}.get(kind, _('plain text (CSV)'))
