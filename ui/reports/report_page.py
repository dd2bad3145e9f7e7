"""Reports: income by customer category for a period, compared with the period before, with drill-down.

Members and admins (every signed-in user) may open it. The controls (period, basis, categories) rebuild the charts
and the table from one call to `income_report`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from nicegui import ui
from nicegui.events import EChartPointClickEventArguments, GenericEventArguments, ValueChangeEventArguments

from services.core.clock import system_clock
from services.core.errors import ValidationFailed
from services.core.i18n import N_, _, locale_of, ngettext, pgettext
from services.core.values.money import format_money, format_number
from services.customers.categories import list_categories
from services.customers.list.spec import MatchMode
from services.reports.export import XLSX_TYPE, report_csv, report_filename, report_xlsx
from services.reports.income import Basis, Figures, IncomeReport, ReportQuery, income_report
from services.reports.period import Period, Preset, bucket_period, resolve
from ui.access.session import current_actor
from ui.common.format import date_range_input
from ui.common.live import is_gone
from ui.common.pager import use_pager
from ui.customers.table.category_filter import CategoryFilter
from ui.downloads import offer
from ui.reports.charts import income_chart, new_customers_chart
from ui.reports.drill_down import customers_url, invoices_link

PRESETS = {
    Preset.THIS_MONTH: N_('This month'),
    Preset.THIS_QUARTER: N_('This quarter'),
    Preset.THIS_YEAR: N_('This year'),
    Preset.LAST_12_MONTHS: N_('Last 12 months'),
    Preset.CUSTOM: N_('Custom dates'),
}
BASES = {Basis.NET: N_('Invoiced (net)'), Basis.GROSS: N_('Invoiced (gross)'), Basis.PAID: N_('Paid')}
MODES = {'any': N_('Any of'), 'all': N_('All of')}
# The invoices count links to the Invoices list (static template; the row's index arrives as data).
INVOICES_TEMPLATE = r"""
<q-td :props="props">
  <a v-if="props.row.index !== -2 && props.row.linked" href="#" class="text-primary"
     @click.stop.prevent="$parent.$emit('invoices', props.row.index)">{{ props.value }}</a>
  <span v-else>{{ props.value }}</span>
</q-td>
"""
NUMBER_COLUMNS = (
    ('customers', N_('Customers')),
    ('invoices', N_('Invoices')),
    ('invoiced', N_('Invoiced')),
    ('paid', N_('Paid')),
    ('open', N_('Open')),
    ('overdue', N_('Overdue')),
    ('days', N_('Avg. days to pay')),
    ('amount', N_('Income')),
    ('previous', N_('Previous period')),
    ('delta', N_('Change')),
    ('percent', N_('Change %')),
)


async def page() -> None:
    ui.page_title(_('Reports · Clientbook'))
    report_page = ReportPage(await list_categories(include_archived=True))
    await report_page.refresh()  # the first view arrives with the page, not after it


class ReportPage:
    def __init__(self, categories: list[Any]) -> None:
        self.preset = Preset.LAST_12_MONTHS
        self.basis = Basis.GROSS
        self.category_ids: list[int] = []
        self.mode = MatchMode.ANY
        self.report: IncomeReport | None = None
        with ui.row().classes('w-full items-center'):
            ui.label(_('Reports')).classes('text-h5')
        with ui.row().classes('w-full items-start q-gutter-md'):
            options = {preset.value: _(label) for preset, label in PRESETS.items()}
            self.period = ui.select(options, value=self.preset.value, label=_('Period'), on_change=self._preset)
            self.period.classes('w-44').mark('report-period')
            self.start = date_range_input(pgettext('date range', 'From')).mark('report-start')
            self.end = date_range_input(pgettext('date range', 'To')).mark('report-end')
            self.start.on('change', self._custom_dates)
            self.end.on('change', self._custom_dates)
            bases = {basis.value: _(label) for basis, label in BASES.items()}
            self.basis_toggle = ui.toggle(bases, value=self.basis.value, on_change=self._basis).props('no-caps')
            self.basis_toggle.mark('report-basis')
        with ui.row().classes('w-full items-center no-wrap q-gutter-sm'):
            modes = {key: _(label) for key, label in MODES.items()}
            self.mode_toggle = ui.toggle(modes, value='any', on_change=self._mode).props('dense no-caps')
            self.mode_toggle.classes('shrink-0').mark('report-category-mode')
            self.filter = CategoryFilter(categories, [], on_toggle=self._category).mark('report-categories')
        self.period_text = ui.label().classes('text-body2 text-grey-8').mark('report-period-text')
        ui.label(
            _(
                'A customer in several categories counts fully in each of them; the total counts every invoice once. '
                'Click a bar or a row to see those customers.'
            )
        ).classes('text-body2 text-grey-8')
        self.excluded = ui.label().classes('text-body2 text-warning').mark('report-excluded')
        self.income = ui.echart({}, on_point_click=self._bar_clicked).classes('w-full h-96').mark('report-chart')
        with ui.row().classes('w-full items-center q-gutter-sm'):
            ui.label(_('By category')).classes('text-h6')
            ui.space()
            ui.button(_('Export CSV'), icon='download', on_click=self._export_csv).props('flat no-caps').mark(
                'report-export-csv'
            )
            ui.button(_('Export XLSX'), icon='download', on_click=self._export_xlsx).props('flat no-caps').mark(
                'report-export-xlsx'
            )
        self.table = (
            ui.table(columns=_columns(), rows=[], row_key='key')
            .classes('w-full')
            .props('flat bordered dense wrap-cells')
            .mark('report-table')
        )
        use_pager(self.table)
        self.table.on('row-click', self._row_clicked)
        self.table.add_slot('body-cell-invoices', INVOICES_TEMPLATE)
        self.table.on('invoices', self._invoices_clicked)
        ui.label(_('New customers by category')).classes('text-h6 q-mt-md')
        self.customers = ui.echart({}).classes('w-full h-72').mark('report-new-customers')
        self._show_dates(resolve(self.preset, system_clock().date()))

    def _show_dates(self, period: Period) -> None:
        self.start.value, self.end.value = period.start.isoformat(), period.end.isoformat()

    async def _preset(self, event: ValueChangeEventArguments) -> None:
        self.preset = Preset(event.value)
        if self.preset != Preset.CUSTOM:
            self._show_dates(resolve(self.preset, system_clock().date()))
        await self.refresh()

    async def _custom_dates(self, _event: GenericEventArguments) -> None:
        self.preset = Preset.CUSTOM
        self.period.value = Preset.CUSTOM.value  # fires _preset, which refreshes

    async def _basis(self, event: ValueChangeEventArguments) -> None:
        self.basis = Basis(event.value)
        await self.refresh()

    async def _mode(self, event: ValueChangeEventArguments) -> None:
        self.mode = MatchMode(event.value)
        if self.category_ids:
            await self.refresh()

    async def _category(self, category_id: int) -> None:
        chosen = set(self.category_ids) ^ {category_id}
        self.category_ids = sorted(chosen)
        self.filter.set_selected(self.category_ids)
        await self.refresh()

    def _query(self) -> ReportQuery:
        """Raises ValidationFailed for bad custom dates."""
        today = system_clock().date()
        if self.preset == Preset.CUSTOM:
            period = resolve(Preset.CUSTOM, today, _date(self.start.value), _date(self.end.value))
        else:
            period = resolve(self.preset, today)
        return ReportQuery(period=period, basis=self.basis, category_ids=tuple(self.category_ids), mode=self.mode)

    async def refresh(self) -> None:
        self.start.error = self.end.error = None
        try:
            query = self._query()
        except ValidationFailed as error:
            self.start.error = error.errors.get('start')
            self.end.error = error.errors.get('end')
            return
        report = await income_report(query, by=current_actor())
        if is_gone(self.table):
            return
        self.report = report
        labels = [_bucket_label(key) for key in report.buckets]
        self.income.options.clear()
        self.income.options.update(income_chart(report, labels, lambda amount: format_money(amount, report.currency)))
        self.income.update()
        self.customers.options.clear()
        self.customers.options.update(new_customers_chart(report, labels))
        self.customers.update()
        self.table.rows = _table_rows(report)
        self.period_text.text = _('{start} to {end}, compared with {previous_start} to {previous_end}').format(
            start=_day(query.period.start),
            end=_day(query.period.end),
            previous_start=_day(report.previous.start),
            previous_end=_day(report.previous.end),
        )
        self.excluded.text = ' '.join(
            ngettext(
                'Left out: {count} invoice in {currency} ({total}); amounts are in {company}.',
                'Left out: {count} invoices in {currency} ({total}); amounts are in {company}.',
                other.invoices,
            ).format(
                count=other.invoices,
                currency=other.currency,
                total=format_money(other.total, other.currency),
                company=report.currency,
            )
            for other in report.excluded
        )

    def _bar_clicked(self, event: EChartPointClickEventArguments) -> None:
        report = self.report
        if report is None or not 0 <= event.series_index < len(report.rows):
            return
        if not 0 <= event.data_index < len(report.buckets):
            return
        row = report.rows[event.series_index]
        ui.navigate.to(
            customers_url(report, row.category_id, bucket_period(report.buckets[event.data_index]), bar=True)
        )

    def _export_csv(self) -> None:
        if self.report is not None:
            offer(report_csv(self.report), report_filename(self.report, 'csv'), 'text/csv', by=current_actor())

    def _export_xlsx(self) -> None:
        if self.report is not None:
            offer(report_xlsx(self.report), report_filename(self.report, 'xlsx'), XLSX_TYPE, by=current_actor())

    def _invoices_clicked(self, event: GenericEventArguments) -> None:
        """The invoices count of a category row opens the Invoices list on those invoices (not void)."""
        report = self.report
        index = event.args
        if report is None or not isinstance(index, int):
            return
        if 0 <= index < len(report.rows) and report.rows[index].category_id is not None:
            ui.navigate.to(invoices_link(report, report.rows[index].category_id))
        elif index == -1:
            ui.navigate.to(invoices_link(report, None))

    def _row_clicked(self, event: GenericEventArguments) -> None:
        report = self.report
        args = event.args if isinstance(event.args, list) else []
        row = args[1] if len(args) > 1 and isinstance(args[1], dict) else {}
        index = row.get('index')
        if report is None or not isinstance(index, int):
            return
        if 0 <= index < len(report.rows):
            ui.navigate.to(customers_url(report, report.rows[index].category_id, report.query.period))
        elif index == -1:  # the total
            ui.navigate.to(customers_url(report, None, report.query.period, every_category=True))


def _columns() -> list[dict[str, Any]]:
    columns = [{'name': 'name', 'label': _('Category'), 'field': 'name', 'align': 'left'}]
    columns += [{'name': key, 'label': _(label), 'field': key, 'align': 'right'} for key, label in NUMBER_COLUMNS]
    return columns


def _table_rows(report: IncomeReport) -> list[dict[str, Any]]:
    rows = [
        _row(f'c{i}', i, row.name, row.figures, report.currency, linked=row.category_id is not None)
        for i, row in enumerate(report.rows)
    ]
    if report.rows:
        rows.append(_row('sum', -2, _('Sum of the rows'), report.rows_sum, report.currency))
    rows.append(_row('total', -1, _('Total, each invoice once'), report.total, report.currency))
    return rows


def _row(key: str, index: int, name: str, figures: Figures, currency: str, *, linked: bool = True) -> dict[str, Any]:
    def money(amount: Decimal) -> str:
        return format_money(amount, currency)

    days = figures.average_days_to_pay
    percent = figures.change_percent
    sign = '+' if figures.delta > 0 else ''
    return {
        'key': key,
        'index': index,
        'linked': linked,
        'name': name,
        'customers': format_number(Decimal(figures.customers)),
        'invoices': format_number(Decimal(figures.invoices)),
        'invoiced': money(figures.invoiced),
        'paid': money(figures.paid),
        'open': money(figures.open),
        'overdue': money(figures.overdue),
        'days': format_number(days) if days is not None else '—',
        'amount': money(figures.amount),
        'previous': money(figures.previous_amount),
        'delta': sign + money(figures.delta),
        'percent': f'{sign}{format_number(percent)}\u00a0%' if percent is not None else '—',
    }


def _bucket_label(key: str) -> str:
    if key[5] == 'Q':
        return _('{quarter} {year}').format(quarter=key[5:], year=key[:4])
    return format_date(bucket_period(key).start, 'MMM y', locale=locale_of())


def _day(day: date) -> str:
    return format_date(day, 'medium', locale=locale_of())


def _date(text: Any) -> date | None:
    try:
        return date.fromisoformat(str(text or ''))
    except ValueError:
        return None
