"""The table every reader fills: text cells, the header row, and the problems of rows and cells."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from services.core.errors import ClientbookError
from services.core.i18n import _

MAX_COLUMNS = 200
MAX_ROWS = 200_000
MAX_CELL = 10_000
# Between the cells of a row kept as one string (`Rows`): a control character, so never in a cell read (`add_row`
# removes them); a row that has one anyway (a formula's text is kept as typed) is kept as a tuple of its cells.
SEPARATOR = '\x1f'


class FileRejected(ClientbookError):
    """The whole file cannot be imported; `message` says why, in words for the user (already translated)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Rows(Sequence[list[str]]):
    """The rows of a table as lists of text cells, each row kept as ONE string (its cells joined by `SEPARATOR`) and
    split when read: a file of 100,000 rows of 10 cells is 100,000 strings here instead of a million (~1/3 of the
    memory). Reading a row gives a new list every time: change the table with `append` only."""

    __slots__ = ('_rows',)

    def __init__(self, rows: Iterable[Sequence[str]] = ()) -> None:
        self._rows: list[str | tuple[str, ...]] = []
        for row in rows:
            self.append(row)

    def append(self, cells: Sequence[str]) -> None:
        if not cells or any(SEPARATOR in cell for cell in cells):
            self._rows.append(tuple(cells))
        else:
            self._rows.append(SEPARATOR.join(cells))

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> list[str]: ...

    @overload
    def __getitem__(self, index: slice) -> list[list[str]]: ...

    def __getitem__(self, index: int | slice) -> list[str] | list[list[str]]:
        if isinstance(index, slice):
            return [_cells(row) for row in self._rows[index]]
        return _cells(self._rows[index])

    def __iter__(self) -> Iterator[list[str]]:
        return (_cells(row) for row in self._rows)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(mine == list(theirs) for mine, theirs in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f'Rows({list(self)!r})'


def _cells(row: str | tuple[str, ...]) -> list[str]:
    return list(row) if isinstance(row, tuple) else row.split(SEPARATOR)


@dataclass
class Table:
    """What a file holds: one header row and the rows as text cells, each row as long as the header.

    `rows` is kept compactly (`Rows`; a plain list given here is turned into one).
    `row_numbers[i]` is where row i sits in the file (a line or sheet row, 1-based; for vCards the card's number).
    `row_problems[i]` makes row i invalid as a whole; `cell_problems[(i, column)]` is about one cell, and blocks the
    row only when `blocking` is True (a formula does; removed control characters do not).
    """

    kind: str
    headers: list[str]
    rows: Rows
    row_numbers: list[int]
    encoding: str = ''
    delimiter: str = ''
    sheets: list[str] = field(default_factory=list)
    sheet: str = ''
    row_problems: dict[int, str] = field(default_factory=dict)
    cell_problems: dict[tuple[int, int], CellProblem] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.rows, Rows):
            self.rows = Rows(self.rows)


@dataclass(frozen=True)
class CellProblem:
    message: str
    blocking: bool


def add_row(table: Table, raw: list[Any], number: int, formulas: frozenset[int] = frozenset()) -> None:
    if len(table.rows) >= MAX_ROWS:
        raise FileRejected(_('The file has more than {count} rows: split it.').format(count=MAX_ROWS))
    width = len(table.headers)
    index = len(table.rows)
    extra = [cell for cell in raw[width:] if str(cell).strip()]
    if extra:
        table.row_problems[index] = _('This row has {count} cells but the header has {width} columns.').format(
            count=len(raw), width=width
        )
    cells = [str(cell) for cell in raw[:width]] + [''] * max(0, width - len(raw))
    for column, cell in enumerate(cells):
        if column in formulas:
            table.cell_problems[(index, column)] = CellProblem(
                _('A formula is not imported: type its value instead.'), blocking=True
            )
            cells[column] = cell
            continue
        cleaned = without_controls(cell)
        if cleaned != cell:
            table.cell_problems[(index, column)] = CellProblem(_('Control characters were removed.'), blocking=False)
            cells[column] = cleaned
        if len(cells[column]) > MAX_CELL:
            table.cell_problems[(index, column)] = CellProblem(
                _('At most {count} characters').format(count=MAX_CELL), blocking=True
            )
            cells[column] = cells[column][:MAX_CELL]
    table.rows.append(cells)
    table.row_numbers.append(number)


def headers_of(raw: list[Any]) -> list[str]:
    headers = [' '.join(without_controls(str(cell or '')).split()) for cell in raw]
    while headers and not headers[-1]:
        headers.pop()
    if len(headers) > MAX_COLUMNS:
        raise FileRejected(_('The file has more than {count} columns.').format(count=MAX_COLUMNS))
    return [header or _('Column {number}').format(number=i + 1) for i, header in enumerate(headers)]


def without_controls(text: str) -> str:
    """The text without control characters (tabs and line breaks stay)."""
    if text.isprintable():
        return text
    return ''.join(ch for ch in text if ch in '\n\t\r' or unicodedata.category(ch) not in ('Cc', 'Cf', 'Cs', 'Co'))
