"""Reports: income by customer category for a period, compared with the period before, with drill-down.

Members and admins (every signed-in user) may open it. The controls (period, basis, categories, comparison) rebuild
the report in two steps: the income chart from the period's sums per category (`income_series`, quick: the first HTML
waits for it), then the table, the comparison, the de-duplicated total and the new customers (`complete_report`),
which arrive by websocket. Until then the table says it is loading and the exports wait: no figure of another view is
shown meanwhile. The view lives in the URL (`ui/reports/report_url.py`), so a reload, the back button and a copied
link show the same report.
"""

# No `from __future__ import annotations` here: NiceGUI recognises the PageArguments parameter by its annotation object.
from dataclasses import replace
from datetime import date
from typing import Any

from nicegui import PageArguments, background_tasks, ui
from nicegui.events import GenericEventArguments, ValueChangeEventArguments
from starlette.datastructures import QueryParams

from services.core.clock import company_today
from services.core.errors import ValidationFailed
from services.core.i18n import N_, _, ngettext, pgettext
from services.core.values.formats import format_whole
from services.core.values.money import format_money
from services.customers.categories import CategoryView, list_categories
from services.customers.list.spec import MatchMode
from services.reports.income import Basis, IncomeReport, IncomeSeries, ReportQuery, complete_report, income_series
from services.reports.period import Preset, resolve
from ui.access.session import current_actor
from ui.common.format import date_range_input
from ui.common.live import is_gone
from ui.common.page_url import on_own_path, show_url
from ui.common.pager import use_pager
from ui.customers.table.category_filter import CategoryFilter
from ui.reports.charts import income_chart, new_customers_chart, preload_echarts
from ui.reports.labels import bucket_label, period_text
from ui.reports.report_actions import export_csv, export_xlsx, open_bar, open_customers, open_invoices, open_row
from ui.reports.report_table import INVOICES_TEMPLATE, NAME_TEMPLATE, table_columns, table_rows
from ui.reports.report_url import PATH, ReportView, report_url, view_from_params

PRESETS = {
    Preset.THIS_MONTH: N_('This month'),
    Preset.THIS_QUARTER: N_('This quarter'),
    Preset.THIS_YEAR: N_('This year'),
    Preset.LAST_12_MONTHS: N_('Last 12 months'),
    Preset.CUSTOM: N_('Custom dates'),
}
BASES = {Basis.NET: N_('Invoiced (net)'), Basis.GROSS: N_('Invoiced (gross)'), Basis.PAID: N_('Paid')}
MODES = {'any': N_('Any of'), 'all': N_('All of')}


async def page(args: PageArguments) -> None:
    ui.page_title(_('Reports · Clientbook'))
    categories = await list_categories(include_archived=True)
    view = view_from_params(args.query_parameters, {category.id for category in categories})
    report_page = ReportPage(categories, view)
    preload_echarts()  # after the charts exist: their code is registered with NiceGUI by then
    await report_page.refresh()  # the chart arrives with the page (Route.in_html), the table after it


def today() -> date:
    """The company's date (Settings -> Company time zone): "this month" turns with the company's midnight."""
    return company_today()


class ReportPage:
    def __init__(self, categories: list[CategoryView], view: ReportView) -> None:
        self.view = view
        self.series: IncomeSeries | None = None  # the chart's figures
        self.report: IncomeReport | None = None  # the whole report, once worked out
        self.loads = 0
        with ui.row().classes('w-full items-center'):
            ui.label(_('Reports')).classes('text-h5')
        with ui.row().classes('w-full items-start q-gutter-md'):
            options = {preset.value: _(label) for preset, label in PRESETS.items()}
            self.period = ui.select(options, value=view.preset.value, label=_('Period'), on_change=self._preset)
            self.period.classes('w-56').mark('report-period')  # room for 'Fechas personalizadas'
            self.start = date_range_input(pgettext('date range', 'From')).mark('report-start')
            self.end = date_range_input(pgettext('date range', 'To')).mark('report-end')
            self.start.on('change', self._custom_dates)
            self.end.on('change', self._custom_dates)
            bases = {basis.value: _(label) for basis, label in BASES.items()}
            self.basis_toggle = ui.toggle(bases, value=view.basis.value, on_change=self._basis).props('no-caps')
            self.basis_toggle.mark('report-basis')
            self.compare = ui.switch(_('Compare with the previous period'), value=view.compare, on_change=self._compare)
            self.compare.classes('self-center').mark('report-compare')
        with ui.row().classes('w-full items-center no-wrap q-gutter-sm'):
            modes = {key: _(label) for key, label in MODES.items()}
            self.mode_toggle = ui.toggle(modes, value=view.mode.value, on_change=self._mode).props('dense no-caps')
            self.mode_toggle.classes('shrink-0').mark('report-category-mode')
            self.filter = CategoryFilter(categories, list(view.category_ids), on_toggle=self._category)
            self.filter.mark('report-categories')
        self.period_text = ui.label().classes('text-body2 text-grey-8').mark('report-period-text')
        ui.label(
            _(
                'A customer in several categories counts fully in each of them; the total counts every invoice once. '
                'Click a bar or a row to see those customers.'
            )
        ).classes('text-body2 text-grey-8')
        self.excluded = ui.label().classes('text-body2 text-warning').mark('report-excluded')
        self.income = ui.echart({}, on_point_click=lambda event: open_bar(self.series, event))
        self.income.classes('w-full h-96').mark('report-chart')
        with ui.row().classes('w-full items-center q-gutter-sm'):
            ui.label(_('By category')).classes('text-h6')
            ui.space()
            self.exports = [
                ui.button(_('Export CSV'), icon='download', on_click=lambda: export_csv(self.report)).mark(
                    'report-export-csv'
                ),
                ui.button(_('Export XLSX'), icon='download', on_click=lambda: export_xlsx(self.report)).mark(
                    'report-export-xlsx'
                ),
            ]
            for button in self.exports:
                button.props('flat no-caps')
        self.table = (
            ui.table(columns=table_columns(compare=view.compare), rows=[], row_key='key')
            .classes('w-full')
            .props('flat bordered dense wrap-cells')
            .mark('report-table')
        )
        self.table.props['loading-label'] = _('Loading…')
        use_pager(self.table)
        self.table.on('row-click', lambda event: open_row(self.report, event))
        self.table.add_slot('body-cell-name', NAME_TEMPLATE)
        self.table.add_slot('body-cell-invoices', INVOICES_TEMPLATE)
        self.table.on('customers', lambda event: open_customers(self.report, event.args))
        self.table.on('invoices', lambda event: open_invoices(self.report, event))
        ui.label(_('New customers by category')).classes('text-h6 q-mt-md')
        self.customers = ui.echart({}).classes('w-full h-72').mark('report-new-customers')
        self._show_dates(view)
        on_own_path(self.table, PATH, self._navigated)

    # The value handlers below ignore values the view already has (set from a URL by `_navigated`).

    def _show_dates(self, view: ReportView) -> None:
        """The period's days in the date fields: the preset's on today, or the custom ones."""
        if view.preset == Preset.CUSTOM:
            self.start.value = view.start.isoformat() if view.start else ''
            self.end.value = view.end.isoformat() if view.end else ''
        else:
            period = resolve(view.preset, today())
            self.start.value, self.end.value = period.start.isoformat(), period.end.isoformat()

    async def _apply(self, view: ReportView) -> None:
        if view != self.view:
            self.view = view
            show_url(self.table, report_url(view))
            await self.refresh()

    async def _preset(self, event: ValueChangeEventArguments) -> None:
        if event.value == self.view.preset.value or event.value not in {preset.value for preset in Preset}:
            return
        preset = Preset(event.value)
        if preset == Preset.CUSTOM:  # the days shown so far become the custom ones
            view = replace(self.view, preset=preset, start=_date(self.start.value), end=_date(self.end.value))
        else:
            view = replace(self.view, preset=preset, start=None, end=None)
            self._show_dates(view)
        await self._apply(view)

    async def _custom_dates(self, _event: GenericEventArguments) -> None:
        view = replace(self.view, preset=Preset.CUSTOM, start=_date(self.start.value), end=_date(self.end.value))
        if view == self.view:
            return
        self.period.value = Preset.CUSTOM.value  # at once; its handler applies the same view (whichever comes second
        await self._apply(view)  # finds it shown already)

    async def _basis(self, event: ValueChangeEventArguments) -> None:
        if event.value != self.view.basis.value and event.value in {basis.value for basis in Basis}:
            await self._apply(replace(self.view, basis=Basis(event.value)))

    async def _compare(self, event: ValueChangeEventArguments) -> None:
        if bool(event.value) != self.view.compare:
            await self._apply(replace(self.view, compare=bool(event.value)))

    async def _mode(self, event: ValueChangeEventArguments) -> None:
        if event.value != self.view.mode.value:
            await self._apply(replace(self.view, mode=MatchMode.ALL if event.value == 'all' else MatchMode.ANY))

    async def _category(self, category_id: int) -> None:
        chosen = tuple(sorted(set(self.view.category_ids) ^ {category_id}))
        self.filter.set_selected(list(chosen))
        await self._apply(replace(self.view, category_ids=chosen))

    async def _navigated(self, params: QueryParams) -> None:
        """An in-app link to this page with another view (the menu entry): show that view."""
        view = view_from_params(params, self.filter.category_ids)
        if view == self.view:
            return
        self.view = view
        self.period.value = view.preset.value
        self.basis_toggle.value = view.basis.value
        self.compare.value = view.compare
        self.mode_toggle.value = view.mode.value
        self.filter.set_selected(list(view.category_ids))
        self._show_dates(view)
        await self.refresh()

    def _query(self) -> ReportQuery:
        """Raises ValidationFailed for bad custom dates."""
        view = self.view
        if view.preset == Preset.CUSTOM:
            period = resolve(Preset.CUSTOM, today(), view.start, view.end)
        else:
            period = resolve(view.preset, today())
        return ReportQuery(period=period, basis=view.basis, category_ids=view.category_ids, mode=view.mode)

    async def refresh(self) -> None:
        """Show the report of the view: the chart first, the rest once worked out; a newer refresh (the user clicked
        on) wins over an older one."""
        self.loads += 1
        load = self.loads
        self.start.error = self.end.error = None
        try:
            query = self._query()
        except ValidationFailed as error:
            self.start.error = error.errors.get('start')
            self.end.error = error.errors.get('end')
            return
        actor = current_actor()
        series = await income_series(query, by=actor)
        if is_gone(self.table) or load != self.loads:
            return
        self.series, self.report = series, None
        labels = [bucket_label(key) for key in series.buckets]
        self.income.options.clear()
        self.income.options.update(income_chart(series, labels, lambda amount: format_money(amount, series.currency)))
        self.income.update()
        self.period_text.text = period_text(series, compare=self.view.compare)
        self._loading(True)
        background_tasks.create(self._complete(series, load, labels), name='report table', context=self.table)

    def _loading(self, loading: bool) -> None:
        """While the table's figures are worked out: no rows (none of another view), a loading bar, no exports."""
        if loading:
            self.table.rows = []
            self.excluded.text = ''
        self.table.props['loading'] = loading
        self.table.update()
        for button in self.exports:
            button.set_enabled(not loading)
        self.customers.set_visibility(not loading)

    async def _complete(self, series: IncomeSeries, load: int, labels: list[str]) -> None:
        report = await complete_report(series)
        if is_gone(self.table) or load != self.loads:
            return
        self.report = report
        self.customers.options.clear()
        self.customers.options.update(new_customers_chart(report, labels))
        self.customers.update()
        self.table.columns = table_columns(compare=self.view.compare)
        self.table.rows = table_rows(report)
        self._loading(False)
        self.excluded.text = ' '.join(
            ngettext(
                'Left out: {count} invoice in {currency} ({total}); amounts are in {company}.',
                'Left out: {count} invoices in {currency} ({total}); amounts are in {company}.',
                other.invoices,
            ).format(
                count=format_whole(other.invoices),
                currency=other.currency,
                total=format_money(other.total, other.currency),
                company=report.currency,
            )
            for other in report.excluded
        )


def _date(text: Any) -> date | None:
    try:
        return date.fromisoformat(str(text or ''))
    except ValueError:
        return None
