"""Customers: the table the team works in. The view (search, filter, sort, page, columns) lives in the URL."""

# No `from __future__ import annotations` here: NiceGUI recognises the PageArguments parameter by its annotation object.
from nicegui import PageArguments, ui

from services.core.i18n import _
from services.customers.categories import list_categories
from services.customers.custom_fields import list_definitions
from services.customers.list.query import list_customers
from ui.access.session import current_actor
from ui.customers.table.customer_table import CustomerTable
from ui.customers.table.list_url import view_from_params


async def page(args: PageArguments) -> None:
    ui.page_title(_('Customers · Clientbook'))
    query, columns = view_from_params(args.query_parameters)
    first = await list_customers(query, by=current_actor())
    categories = await list_categories(include_archived=query.archived)
    with ui.row().classes('w-full items-center'):
        ui.label(_('Customers')).classes('text-h5')
        ui.space()
        ui.button(_('New customer'), icon='person_add', on_click=lambda: ui.navigate.to('/customers/new')).mark(
            'new-customer'
        )
    CustomerTable(query, columns, first, categories, await list_definitions())
