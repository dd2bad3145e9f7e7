"""Customers -> Import (admins and members)."""

from __future__ import annotations

from nicegui import ui

from services.core.i18n import _
from ui.access.session import current_actor
from ui.common.accessibility import icon_button
from ui.customers.import_flow import ImportFlow


async def page() -> None:
    current_actor()
    ui.page_title(_('Import customers · Clientbook'))
    with ui.row().classes('w-full items-center'):
        icon_button('arrow_back', _('Back to customers'), lambda: ui.navigate.to('/customers')).props('flat round')
        ui.label(_('Import customers')).classes('text-h5')
    ui.label(
        _('From a spreadsheet (CSV, TSV, Excel) or from contacts (vCard). Nothing is saved before Import.')
    ).classes('text-body2 text-grey-8')
    ImportFlow()
