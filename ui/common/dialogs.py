"""Small reusable dialogs."""

from __future__ import annotations

from nicegui import ui

from services.core.i18n import _


async def confirm(title: str, lines: list[str], *, confirm_text: str, marker: str = 'confirm') -> bool:
    """Ask a yes/no question; True only when the user clicks `confirm_text`."""
    with ui.dialog() as dialog, ui.card().classes('min-w-80').mark(marker):
        ui.label(title).classes('text-h6')
        for line in lines:
            ui.label(line)
        with ui.row().classes('w-full justify-end'):
            ui.button(_('Back'), on_click=lambda: dialog.submit(False)).props('flat')
            ui.button(confirm_text, color='negative', on_click=lambda: dialog.submit(True))
    result = await dialog
    dialog.delete()
    return bool(result)
