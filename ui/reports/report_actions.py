"""What a click on the Reports page does: a bar or a table row opens the customers (or invoices) behind it, the export
buttons offer the table as CSV or XLSX. A bar works from the chart's figures alone; the table's clicks and the exports
need the whole report (None while it is still being worked out: nothing happens)."""

from __future__ import annotations

from typing import Any

from nicegui import ui
from nicegui.events import EChartPointClickEventArguments, GenericEventArguments

from services.reports.export import XLSX_TYPE, report_csv, report_filename, report_xlsx
from services.reports.income import IncomeReport, IncomeSeries
from services.reports.period import Period, bucket_period
from ui.access.session import current_actor
from ui.downloads import offer
from ui.reports.drill_down import customers_url, invoices_link
from ui.reports.report_table import TOTAL_ROW


def open_bar(series: IncomeSeries | None, event: EChartPointClickEventArguments) -> None:
    """The customers of the bar's category row in the bar's days: its month or quarter, within the report's period
    (custom dates may cut it)."""
    if series is None or not 0 <= event.series_index < len(series.rows):
        return
    if not 0 <= event.data_index < len(series.buckets):
        return
    row = series.rows[event.series_index]
    bucket, period = bucket_period(series.buckets[event.data_index]), series.query.period
    days = Period(max(bucket.start, period.start), min(bucket.end, period.end))
    ui.navigate.to(customers_url(series, row.category_id, days, bar=True))


def export_csv(report: IncomeReport | None) -> None:
    if report is not None:
        offer(report_csv(report), report_filename(report, 'csv'), 'text/csv', by=current_actor())


def export_xlsx(report: IncomeReport | None) -> None:
    if report is not None:
        offer(report_xlsx(report), report_filename(report, 'xlsx'), XLSX_TYPE, by=current_actor())


def open_invoices(report: IncomeReport | None, event: GenericEventArguments) -> None:
    """The invoices count of a category row opens the Invoices list on those invoices (not void)."""
    index = event.args
    if report is None or not isinstance(index, int):
        return
    if 0 <= index < len(report.rows) and report.rows[index].category_id is not None:
        ui.navigate.to(invoices_link(report, report.rows[index].category_id))
    elif index == TOTAL_ROW:
        ui.navigate.to(invoices_link(report, None))


def open_row(report: IncomeReport | None, event: GenericEventArguments) -> None:
    """A click anywhere on a table row: its customers."""
    args = event.args if isinstance(event.args, list) else []
    row = args[1] if len(args) > 1 and isinstance(args[1], dict) else {}
    open_customers(report, row.get('index'))


def open_customers(report: IncomeReport | None, index: Any) -> None:
    """The Customers page on the customers a row counts (the category's, "No category"'s, or the total's)."""
    if report is None or not isinstance(index, int):
        return
    if 0 <= index < len(report.rows):
        ui.navigate.to(customers_url(report, report.rows[index].category_id, report.query.period))
    elif index == TOTAL_ROW:
        ui.navigate.to(customers_url(report, None, report.query.period, every_category=True))
