"""Customers: the table the team works in. The view (search, filter, sort, page, columns) lives in the URL."""

# No `from __future__ import annotations` here: NiceGUI recognises the PageArguments parameter by its annotation object.
from nicegui import PageArguments, ui

from services.core.i18n import _
from services.core.values.formats import format_date
from services.customers.categories import list_categories
from services.customers.custom_fields import list_definitions
from services.customers.list.query import list_customers
from services.customers.list.spec import ListQuery
from ui.access.session import current_actor
from ui.customers.table.customer_table import CustomerTable
from ui.customers.table.first_paint import add_first_paint
from ui.customers.table.list_url import DEFAULT_COLUMNS, url_for, view_from_params


async def page(args: PageArguments) -> None:
    ui.page_title(_('Customers · Clientbook'))
    query, columns = view_from_params(args.query_parameters)
    actor = current_actor()  # once, before any await: the session may end while the page is still being built
    first = await list_customers(query, by=actor)
    categories = await list_categories(include_archived=query.archived)
    with ui.row().classes('w-full items-center'):
        ui.label(_('Customers')).classes('text-h5')
        ui.space()
        ui.button(_('Import'), icon='upload_file', on_click=lambda: ui.navigate.to('/customers/import')).props(
            'flat'
        ).mark('import-customers')
        ui.button(_('New customer'), icon='person_add', on_click=lambda: ui.navigate.to('/customers/new')).mark(
            'new-customer'
        )
    if query.invoiced_in or query.paid_in or query.uncategorised:
        _report_filter_banner(query, columns)
    table = CustomerTable(query, columns, first, categories, await list_definitions())
    add_first_paint(table)


def _report_filter_banner(query: ListQuery, columns: list[str]) -> None:
    """The Reports drill-down's filter is not among the table's controls: say what it is and offer to drop it."""
    parts = []
    if query.invoiced_in:
        first, last = query.invoiced_in
        parts.append(_('invoiced from {first} to {last}').format(first=format_date(first), last=format_date(last)))
    if query.paid_in:
        first, last = query.paid_in
        parts.append(_('paid from {first} to {last}').format(first=format_date(first), last=format_date(last)))
    if query.uncategorised:
        parts.append(_('without a category'))
    everyone = query.changed(invoiced_in=None, paid_in=None, uncategorised=False, archived=False)
    with ui.row().classes('w-full items-center q-gutter-sm').mark('report-filter'):
        ui.icon('bar_chart').classes('text-grey-7')
        ui.label(_('From Reports: only customers {filter}').format(filter=', '.join(parts))).classes('text-body2')
        ui.button(_('Show all'), on_click=lambda: ui.navigate.to(url_for(everyone, columns or list(DEFAULT_COLUMNS))))
