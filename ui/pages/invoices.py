"""Invoices: filtered by status, issue dates, customer and category; sorted and paged on the server. The view lives
in the URL (`/invoices?status=overdue,paid&from=2026-01-01&to=2026-03-31&customer=C-00012&cat=3,7&mode=all
&cur=EUR&sort=-total&page=2&per=50`), so the Reports page can link to it. "New invoice" writes and sends a regular one.
"""

# No `from __future__ import annotations` here: NiceGUI recognises the PageArguments parameter by its annotation object.
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from nicegui import PageArguments, ui

from services.core.i18n import _, ngettext
from services.core.paging import PAGE_SIZES
from services.core.values.formats import format_date, format_whole
from services.core.values.money import format_money
from services.customers.categories import list_categories
from services.invoicing.invoice_list import InvoiceQuery
from services.invoicing.status import STATUS_LABELS
from services.invoicing.views import InvoicePage, list_invoices
from ui.common.events import invoices_updated, outbox_updated
from ui.common.live import subscribe_while_alive
from ui.common.page_url import show_url
from ui.common.pager import use_pager
from ui.common.server_table import ServerTable
from ui.customers.table.category_filter import CategoryFilter
from ui.invoicing.invoice_dialog import invoice_dialog
from ui.invoicing.invoice_panel import DELIVERY_TEXT

PATH = '/invoices'
CUSTOMER_TEMPLATE = r"""
<q-td :props="props">
  <a :href="'/customers/' + encodeURIComponent(props.row.customer_number)" class="text-primary"
     @click.prevent="$parent.$emit('open', props.row.customer_number)">{{ props.value }}</a>
</q-td>
"""


def columns() -> list[dict[str, Any]]:
    return [
        {'name': 'number', 'label': _('Number'), 'field': 'number', 'align': 'left', 'sortable': True},
        {'name': 'customer', 'label': _('Customer'), 'field': 'customer', 'align': 'left', 'sortable': True},
        {'name': 'issue_date', 'label': _('Issued'), 'field': 'issue_date', 'align': 'left', 'sortable': True},
        {'name': 'due_date', 'label': _('Due'), 'field': 'due_date', 'align': 'left', 'sortable': True},
        {'name': 'total', 'label': _('Total'), 'field': 'total', 'align': 'right', 'sortable': True},
        {'name': 'outstanding', 'label': _('Open'), 'field': 'outstanding', 'align': 'right'},
        {'name': 'status', 'label': _('Status'), 'field': 'status', 'align': 'left'},
        {'name': 'delivery', 'label': _('Email'), 'field': 'delivery', 'align': 'left'},
    ]


def query_from_params(params: Mapping[str, str]) -> InvoiceQuery:
    sort = params.get('sort', '-number')
    return InvoiceQuery(
        statuses=[part for part in params.get('status', '').split(',') if part],
        issued_from=params.get('from') or None,
        issued_to=params.get('to') or None,
        customer=params.get('customer', ''),
        category_ids=[part for part in params.get('cat', '').split(',') if part],
        all_categories=params.get('mode') == 'all',
        currency=params.get('cur', ''),
        sort=sort.lstrip('-'),
        descending=sort.startswith('-'),
        page=params.get('page', 1),
        per_page=params.get('per', 0),
    )


def invoices_url(query: InvoiceQuery) -> str:
    """The URL of this view; defaults are left out."""
    params: dict[str, str] = {}
    if query.statuses:
        params['status'] = ','.join(status.value for status in query.statuses)
    if query.issued_from:
        params['from'] = query.issued_from.isoformat()
    if query.issued_to:
        params['to'] = query.issued_to.isoformat()
    if query.customer:
        params['customer'] = query.customer
    if query.category_ids:
        params['cat'] = ','.join(str(category_id) for category_id in query.category_ids)
    if query.all_categories:
        params['mode'] = 'all'
    if query.currency:
        params['cur'] = query.currency
    if (query.sort, query.descending) != ('number', True):
        params['sort'] = f'{"-" if query.descending else ""}{query.sort}'
    if query.page != 1:
        params['page'] = str(query.page)
    if query.per_page != PAGE_SIZES[0]:
        params['per'] = str(query.per_page)
    return f'{PATH}?{urlencode(params)}' if params else PATH


async def page(args: PageArguments) -> None:
    ui.page_title(_('Invoices · Clientbook'))
    state = {'query': query_from_params(args.query_parameters)}
    query = state['query']
    with ui.row().classes('w-full items-center'):
        ui.label(_('Invoices')).classes('text-h5')
        ui.space()
        ui.button(_('New invoice'), icon='add', on_click=lambda: new_invoice()).mark('new-invoice')
    with ui.row().classes('w-full items-start q-gutter-sm'):
        statuses = {status.value: label for status, label in STATUS_LABELS.items()}
        status = ui.select(statuses, multiple=True, label=_('Status'), value=[s.value for s in query.statuses])
        status.props('use-chips clearable dense').classes('w-64').mark('invoices-filter-status')
        issued_from = ui.input(_('Issued from'), value=query.issued_from.isoformat() if query.issued_from else '')
        issued_from.props('type=date stack-label clearable dense').classes('w-40').mark('invoices-filter-from')
        issued_to = ui.input(_('Issued to'), value=query.issued_to.isoformat() if query.issued_to else '')
        issued_to.props('type=date stack-label clearable dense').classes('w-40').mark('invoices-filter-to')
        customer = ui.input(_('Customer number'), value=query.customer).props('clearable dense debounce=400')
        customer.classes('w-40').mark('invoices-filter-customer')
        currency = ui.input(_('Currency (ISO code)'), value=query.currency).props('clearable dense debounce=400')
        currency.classes('w-40').mark('invoices-filter-currency')
        total = ui.label().classes('text-grey-8 self-center').mark('invoices-total')
    categories = await list_categories(include_archived=True)
    with ui.row().classes('w-full items-center no-wrap q-gutter-sm'):
        modes = {'any': _('Any of'), 'all': _('All of')}
        mode = (
            ui.toggle(modes, value='all' if query.all_categories else 'any').props('dense no-caps').classes('shrink-0')
        )
        chips = CategoryFilter(categories, list(query.category_ids), on_toggle=lambda i: toggled(i))
    first = await list_invoices(query)
    table = (
        ServerTable(
            columns=columns(),
            rows=_rows(first),
            row_key='id',
            pagination=_pagination(first, query),
            on_request=lambda pagination: on_request(pagination),
        )
        .classes('w-full')
        .props('flat bordered')
        .mark('invoices-table')
    )
    table.add_slot('body-cell-customer', CUSTOMER_TEMPLATE)
    table.props['rows-per-page-options'] = list(PAGE_SIZES)
    use_pager(table, _('Invoices per page'))
    table.props['no-data-label'] = _('No invoices match.')
    table.on('open', lambda e: ui.navigate.to(f'/customers/{e.args}'))
    total.text = invoice_count(first.total)

    async def load() -> None:
        current = state['query']

        def show(result: InvoicePage) -> None:
            table.rows = _rows(result)
            table.pagination = _pagination(result, current)
            total.text = invoice_count(result.total)

        await table.load(lambda: list_invoices(current), show)

    async def apply(**changes: Any) -> None:
        changed = state['query'].changed(**changes)
        if changed == state['query']:
            return
        state['query'] = changed
        show_url(table, invoices_url(changed))
        await load()

    async def toggled(category_id: int) -> None:
        chosen = sorted(set(state['query'].category_ids) ^ {category_id})
        chips.set_selected(chosen)
        await apply(category_ids=chosen, page=1)

    async def on_request(pagination: dict[str, Any]) -> None:
        sort = pagination.get('sortBy')
        await apply(  # InvoiceQuery checks the values (anything out of range is its default)
            page=pagination.get('page'),
            per_page=pagination.get('rowsPerPage'),
            sort=sort if isinstance(sort, str) and sort else 'number',
            descending=pagination.get('descending') is True if sort else True,
        )

    async def new_invoice() -> None:
        if await invoice_dialog(customer_number=None):
            await load()

    status.on_value_change(lambda e: apply(statuses=e.value or [], page=1))
    issued_from.on_value_change(lambda e: apply(issued_from=e.value or None, page=1))
    issued_to.on_value_change(lambda e: apply(issued_to=e.value or None, page=1))
    customer.on_value_change(lambda e: apply(customer=e.value or '', page=1))
    currency.on_value_change(lambda e: apply(currency=e.value or '', page=1))
    mode.on_value_change(lambda e: apply(all_categories=e.value == 'all', page=1))
    subscribe_while_alive(invoices_updated, table, lambda _=None: load())
    subscribe_while_alive(outbox_updated, table, lambda _=None: load())


def invoice_count(total: int) -> str:
    """`1.120 facturas`, `청구서 1,120건`: the count in the page's language, its digits grouped by the locale."""
    return ngettext('{count} invoice', '{count} invoices', total).format(count=format_whole(total))


def _rows(result: InvoicePage) -> list[dict[str, Any]]:
    return [
        {
            'id': row.id,
            'number': row.number,
            'customer': f'{row.customer_number} {row.customer_name}',
            'customer_number': row.customer_number,
            'issue_date': format_date(row.issue_date),
            'due_date': format_date(row.due_date),
            'total': format_money(row.total, row.currency),
            'outstanding': format_money(row.outstanding, row.currency),
            'status': STATUS_LABELS[row.status],
            'delivery': DELIVERY_TEXT.get(row.delivery, row.delivery),
        }
        for row in result.rows
    ]


def _pagination(result: InvoicePage, query: InvoiceQuery) -> dict[str, Any]:
    return {
        'page': result.page,
        'rowsPerPage': result.per_page,
        'rowsNumber': result.total,
        'sortBy': query.sort,
        'descending': query.descending,
    }
