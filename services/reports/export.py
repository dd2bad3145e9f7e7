"""The report's table for spreadsheets: CSV (UTF-8 with BOM) and XLSX (typed cells).

Both hold the same rows as the page (one per category, the sum of the rows, the de-duplicated total), a heading row
with the period, basis and currency, and machine-readable values whatever the user's language: amounts as plain
decimals (`1234.50`) in the CSV and as number cells (format `#,##0.00`) in the XLSX; counts as integers; the change
in percent as a decimal (blank when the previous period had nothing). Category names go through the CSV formula guard
(services/customers/csv_export.py); XLSX text cells are typed as text.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from services.core.i18n import N_, _
from services.core.values.money import round_money
from services.customers.csv_export import XLSX_TYPE, csv_cell
from services.reports.income import Figures, IncomeReport

__all__ = ['XLSX_TYPE', 'report_csv', 'report_filename', 'report_xlsx']

HEADER = (
    N_('Category'),
    N_('Customers'),
    N_('Invoices'),
    N_('Invoiced'),
    N_('Paid'),
    N_('Open'),
    N_('Overdue'),
    N_('Average days to pay'),
    N_('Income'),
    N_('Previous period'),
    N_('Change'),
    N_('Change %'),
)
Cell = str | int | Decimal | None
AMOUNT_FORMAT = '#,##0.00'


def report_rows(report: IncomeReport) -> list[list[Cell]]:
    """The header and the table rows, typed."""
    rows: list[list[Cell]] = [[_(title) for title in HEADER]]
    currency = report.currency
    rows += [_values(row.name, row.figures, currency) for row in report.rows]
    if report.rows:
        rows.append(_values(_('Sum of the rows'), report.rows_sum, currency))
    rows.append(_values(_('Total, each invoice once'), report.total, currency))
    return rows


def report_title(report: IncomeReport) -> str:
    period = report.query.period
    return _('Income by category, {start} to {end}, basis {basis}, {currency}').format(
        start=period.start.isoformat(),
        end=period.end.isoformat(),
        basis=report.query.basis.value,
        currency=report.currency,
    )


def report_filename(report: IncomeReport, extension: str) -> str:
    period = report.query.period
    return f'income-by-category-{period.start.isoformat()}-{period.end.isoformat()}.{extension}'


def report_csv(report: IncomeReport) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([report_title(report)])
    for row in report_rows(report):
        writer.writerow([csv_cell(_text(value)) for value in row])
    return buffer.getvalue().encode('utf-8-sig')


def report_xlsx(report: IncomeReport) -> bytes:
    from openpyxl import Workbook  # loaded on the first XLSX export (~50 ms once), not at start-up
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _('Income by category')[:31]
    sheet.append([report_title(report)])
    sheet['A1'].font = Font(bold=True)
    for row in report_rows(report):
        sheet.append([float(value) if isinstance(value, Decimal) else value for value in row])
    amount_columns = {4, 5, 6, 7, 9, 10, 11}  # 1-based: Invoiced ... Overdue, Income, Previous, Change
    for cells in sheet.iter_rows(min_row=3):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING
                cell.number_format = '@'
            elif cell.column in amount_columns:
                cell.number_format = AMOUNT_FORMAT
            elif cell.column in (8, 12):
                cell.number_format = '0.0'
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = 'B3'
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _values(name: str, figures: Figures, currency: str) -> list[Cell]:
    def money(amount: Decimal) -> Decimal:
        return round_money(amount, currency)

    return [
        name,
        figures.customers,
        figures.invoices,
        money(figures.invoiced),
        money(figures.paid),
        money(figures.open),
        money(figures.overdue),
        figures.average_days_to_pay,
        money(figures.amount),
        money(figures.previous_amount),
        money(figures.delta),
        figures.change_percent,
    ]


def _text(value: Cell) -> str:
    if value is None:
        return ''
    if isinstance(value, Decimal):
        return f'{value:f}'
    return str(value)
