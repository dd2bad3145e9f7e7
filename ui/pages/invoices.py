"""Invoices: every invoice, newest first, one page at a time; "New invoice" writes and sends a regular one."""

from __future__ import annotations

from typing import Any

from nicegui import ui
from nicegui.events import GenericEventArguments

from services.core.formats import format_date
from services.core.money import format_money
from services.invoicing.views import InvoicePage, list_invoices
from ui.common.events import invoices_updated, outbox_updated
from ui.common.live import is_gone, subscribe_while_alive
from ui.invoicing.invoice_dialog import invoice_dialog

COLUMNS = [
    {'name': 'number', 'label': 'Number', 'field': 'number', 'align': 'left'},
    {'name': 'customer', 'label': 'Customer', 'field': 'customer', 'align': 'left'},
    {'name': 'issue_date', 'label': 'Issued', 'field': 'issue_date', 'align': 'left'},
    {'name': 'due_date', 'label': 'Due', 'field': 'due_date', 'align': 'left'},
    {'name': 'total', 'label': 'Total', 'field': 'total', 'align': 'right'},
    {'name': 'outstanding', 'label': 'Open', 'field': 'outstanding', 'align': 'right'},
    {'name': 'status', 'label': 'Status', 'field': 'status', 'align': 'left'},
    {'name': 'delivery', 'label': 'Email', 'field': 'delivery', 'align': 'left'},
]
PAGE_SIZES = [25, 50, 100]
CUSTOMER_TEMPLATE = r"""
<q-td :props="props">
  <a :href="'/customers/' + encodeURIComponent(props.row.customer_number)" class="text-primary"
     @click.prevent="$parent.$emit('open', props.row.customer_number)">{{ props.value }}</a>
</q-td>
"""


async def page() -> None:
    ui.page_title('Invoices · Clientbook')
    with ui.row().classes('w-full items-center'):
        ui.label('Invoices').classes('text-h5')
        ui.space()
        ui.button('New invoice', icon='add', on_click=lambda: new_invoice()).mark('new-invoice')
    first = await list_invoices(page=1, per_page=PAGE_SIZES[0])
    table = (
        ui.table(columns=COLUMNS, rows=_rows(first), row_key='id', pagination=_pagination(first))
        .classes('w-full')
        .props('flat bordered')
        .mark('invoices-table')
    )
    table.add_slot('body-cell-customer', CUSTOMER_TEMPLATE)
    table.props['rows-per-page-options'] = PAGE_SIZES
    table.props['no-data-label'] = 'No invoices yet. Write one with "New invoice".'
    table.on('open', lambda e: ui.navigate.to(f'/customers/{e.args}'))

    async def load(page_number: int, per_page: int) -> None:
        result = await list_invoices(page=page_number, per_page=per_page)
        if is_gone(table):  # the page was left while the database answered
            return
        table.rows = _rows(result)
        table.pagination = _pagination(result)

    async def on_request(event: GenericEventArguments) -> None:
        pagination: dict[str, Any] = event.args['pagination']
        await load(int(pagination.get('page') or 1), int(pagination.get('rowsPerPage') or PAGE_SIZES[0]))

    async def reload(_: object = None) -> None:
        await load(table.pagination.get('page', 1), table.pagination.get('rowsPerPage', PAGE_SIZES[0]))

    async def new_invoice() -> None:
        if await invoice_dialog(customer_number=None):
            await reload()

    table.on('request', on_request)
    subscribe_while_alive(invoices_updated, table, reload)
    subscribe_while_alive(outbox_updated, table, reload)


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
            'status': row.status.value,
            'delivery': row.delivery,
        }
        for row in result.rows
    ]


def _pagination(result: InvoicePage) -> dict[str, int]:
    return {'page': result.page, 'rowsPerPage': result.per_page, 'rowsNumber': result.total}
