"""Customers -> Import (admins and members): a new import, and the list of past imports (undo: admins)."""

from __future__ import annotations

from nicegui import ui

from services.core.i18n import _
from ui.access.session import current_actor
from ui.common.accessibility import icon_button
from ui.customers.import_flow import ImportFlow
from ui.customers.import_history import ImportHistory


async def page() -> None:
    current_actor()
    ui.page_title(_('Import customers · Clientbook'))
    with ui.row().classes('w-full items-center'):
        icon_button('arrow_back', _('Back to customers'), lambda: ui.navigate.to('/customers')).props('flat round')
        ui.label(_('Import customers')).classes('text-h5')
    with ui.tabs().props('align=left no-caps') as tabs:
        new = ui.tab(name='new', label=_('New import'), icon='upload_file').mark('tab-new-import')
        past = ui.tab(name='past', label=_('Past imports'), icon='history').mark('tab-past-imports')
    with ui.tab_panels(tabs, value=new).classes('w-full'):
        with ui.tab_panel(new):
            ui.label(
                _('From a spreadsheet (CSV, TSV, Excel) or from contacts (vCard). Nothing is saved before Import.')
            ).classes('text-body2 text-grey-8')
            flow_box = ui.column().classes('w-full')
        with ui.tab_panel(past):
            ui.label(
                _('Every import stays here. An admin can undo one as long as nothing newer changed its customers.')
            ).classes('text-body2 text-grey-8')
            history = ImportHistory()
    with flow_box:
        ImportFlow(on_finished=history.refresh)
    await history.refresh()
