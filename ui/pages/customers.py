"""The customer list: one page of customers at a time, fetched from the server."""

from __future__ import annotations

from typing import Any

from nicegui import ui
from nicegui.events import GenericEventArguments

from services.categories import list_categories
from services.customer_list import CustomerPage, ListQuery, list_customers

from ..components.category_chips import TABLE_CELL_TEMPLATE
from ..components.live import subscribe_while_alive
from ..events import customers_changed
from ..session import current_actor

COLUMNS = [
    {'name': 'number', 'label': 'Number', 'field': 'number', 'align': 'left'},
    {'name': 'name', 'label': 'Name', 'field': 'name', 'align': 'left'},
    {'name': 'email', 'label': 'Email', 'field': 'email', 'align': 'left'},
    {'name': 'phone', 'label': 'Phone', 'field': 'phone', 'align': 'left'},
    {'name': 'city', 'label': 'City', 'field': 'city', 'align': 'left'},
    {'name': 'categories', 'label': 'Categories', 'field': 'categories', 'align': 'left'},
]
PAGE_SIZES = [25, 50, 100]
LINK_TEMPLATE = r"""
<q-td :props="props">
  <a :href="'/customers/' + encodeURIComponent(props.row.number)" class="text-primary"
     @click.prevent="$parent.$emit('open', props.row.number)">{{ props.value }}</a>
</q-td>
"""


async def page() -> None:
    ui.page_title('Customers · Clientbook')
    with ui.row().classes('w-full items-center'):
        ui.label('Customers').classes('text-h5')
        ui.space()
        ui.button('New customer', icon='person_add', on_click=lambda: ui.navigate.to('/customers/new')).mark(
            'new-customer'
        )

    first = await list_customers(ListQuery(), by=current_actor())
    categories = {c.id: c.model_dump(include={'name', 'colour'}) for c in await list_categories()}
    table = (
        ui.table(columns=COLUMNS, rows=_rows(first, categories), row_key='id', pagination=_pagination(first))
        .classes('w-full')
        .props('flat bordered')
    )
    table.add_slot('body-cell-categories', TABLE_CELL_TEMPLATE)
    table.add_slot('body-cell-number', LINK_TEMPLATE)
    table.add_slot('body-cell-name', LINK_TEMPLATE)
    table.props['rows-per-page-options'] = PAGE_SIZES
    table.props['no-data-label'] = 'No customers yet. Register the first one with "New customer".'
    table.on('open', lambda e: ui.navigate.to(f'/customers/{e.args}'))

    async def load(page_number: int, per_page: int) -> None:
        result = await list_customers(ListQuery(page=page_number, per_page=per_page), by=current_actor())
        table.rows = _rows(result, categories)
        table.pagination = _pagination(result)

    async def on_request(event: GenericEventArguments) -> None:
        pagination: dict[str, Any] = event.args['pagination']
        await load(int(pagination.get('page') or 1), int(pagination.get('rowsPerPage') or PAGE_SIZES[0]))

    async def on_change(_: object) -> None:
        await load(table.pagination.get('page', 1), table.pagination.get('rowsPerPage', PAGE_SIZES[0]))

    table.on('request', on_request)
    subscribe_while_alive(customers_changed, table, on_change)


def _rows(result: CustomerPage, categories: dict[int | None, dict[str, str]]) -> list[dict[str, Any]]:
    return [
        {**row.model_dump(mode='json'), 'categories': [categories[i] for i in row.category_ids if i in categories]}
        for row in result.rows
    ]


def _pagination(result: CustomerPage) -> dict[str, int]:
    return {'page': result.page, 'rowsPerPage': result.per_page, 'rowsNumber': result.total}
