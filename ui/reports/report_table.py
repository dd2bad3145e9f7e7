"""The Reports page's table: a row per category, the sum of the rows and the total counting each invoice once.

The category name and the invoices count are links (reachable with Tab, opened with Enter): to the Customers page on
the customers the row counts, and to the Invoices list on its invoices. The links' addresses arrive as row data and
are built from ids and dates only; a click navigates inside the app (the server builds the same address again).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from services.core.i18n import N_, _
from services.core.values.money import format_money, format_number
from services.reports.income import Figures, IncomeReport
from ui.reports.drill_down import customers_url, invoices_link

SUM_ROW, TOTAL_ROW = -2, -1  # the `index` of the two rows below the categories
# Static templates; the row's index and addresses arrive as data.
NAME_TEMPLATE = r"""
<q-td :props="props">
  <a v-if="props.row.customers_href" :href="props.row.customers_href" class="text-primary"
     @click.stop.prevent="$parent.$emit('customers', props.row.index)">{{ props.value }}</a>
  <span v-else>{{ props.value }}</span>
</q-td>
"""
INVOICES_TEMPLATE = r"""
<q-td :props="props">
  <a v-if="props.row.invoices_href" :href="props.row.invoices_href" class="text-primary"
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
COMPARISON_COLUMNS = ('previous', 'delta', 'percent')
# Narrow headers wrap between words, never inside one: Korean (고객, 청구서) otherwise broke syllable by syllable.
HEADER_STYLE = 'word-break: keep-all'


def table_columns(*, compare: bool) -> list[dict[str, Any]]:
    """The columns; without the comparison ones when the page does not compare with the previous period."""
    columns = [{'name': 'name', 'label': _('Category'), 'field': 'name', 'align': 'left', 'headerStyle': HEADER_STYLE}]
    columns += [
        {
            'name': key,
            'label': _(label),
            'field': key,
            'align': 'right',
            'classes': 'text-no-wrap',
            'headerStyle': HEADER_STYLE,
        }
        for key, label in NUMBER_COLUMNS
        if compare or key not in COMPARISON_COLUMNS
    ]
    return columns


def table_rows(report: IncomeReport) -> list[dict[str, Any]]:
    period = report.query.period
    rows = []
    for i, row in enumerate(report.rows):
        shown = _row(f'c{i}', i, row.name, row.figures, report.currency)
        if row.figures.customers:  # no link to an empty list
            shown['customers_href'] = customers_url(report, row.category_id, period)
        if row.category_id is not None and row.figures.invoices:  # the Invoices list has no "no category" filter
            shown['invoices_href'] = invoices_link(report, row.category_id)
        rows.append(shown)
    if report.rows:
        rows.append(_row('sum', SUM_ROW, _('Sum of the rows'), report.rows_sum, report.currency))
    total = _row('total', TOTAL_ROW, _('Total, each invoice once'), report.total, report.currency)
    if report.total.customers:
        total['customers_href'] = customers_url(report, None, period, every_category=True)
        total['invoices_href'] = invoices_link(report, None)
    rows.append(total)
    return rows


def _row(key: str, index: int, name: str, figures: Figures, currency: str) -> dict[str, Any]:
    def money(amount: Decimal) -> str:
        return format_money(amount, currency)

    days = figures.average_days_to_pay
    percent = figures.change_percent
    sign = '+' if figures.delta > 0 else ''
    return {
        'key': key,
        'index': index,
        'customers_href': '',
        'invoices_href': '',
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
