"""The customer list before the first customer: a welcome with the two ways to begin, not a warning."""

from __future__ import annotations

from nicegui import ui

from services.core.i18n import _


def no_customers_yet() -> ui.column:
    """What an empty customer list says before the first customer: no warning, and the two ways to begin."""
    with ui.column().classes('w-full items-center q-pa-xl gap-2').mark('no-customers-yet') as welcome:
        ui.icon('group_add', size='xl').classes('text-grey-6')
        ui.label(_('No customers yet')).classes('text-h6')
        ui.label(_('Add your first customer, or import your customer list from a CSV or Excel file.')).classes(
            'text-body2 text-grey-8'
        )
        with ui.row().classes('gap-2'):
            ui.button(
                _('Import a customer list'), icon='upload_file', on_click=lambda: ui.navigate.to('/customers/import')
            ).props('outline')
            ui.button(_('Add the first customer'), icon='person_add', on_click=lambda: ui.navigate.to('/customers/new'))
    return welcome
