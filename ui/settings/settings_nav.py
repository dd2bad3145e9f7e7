"""The tabs at the top of every Settings page."""

from __future__ import annotations

from nicegui import ui

from services.core.i18n import _

SECTIONS = (
    ('General', '/settings'),
    ('Company', '/settings/company'),
    ('Welcome invoice', '/settings/welcome-invoice'),
    ('Custom fields', '/settings/fields'),
    ('Team', '/settings/team'),
    ('Audit log', '/settings/audit'),
    ('Backups', '/settings/backups'),
)


def settings_nav(current: str) -> None:
    ui.label(_('Settings')).classes('text-h5')
    with ui.row().classes('gap-1 q-mb-sm'):
        for text, path in SECTIONS:
            button = ui.button(text, on_click=lambda path=path: ui.navigate.to(path)).props('no-caps')
            button.props('unelevated' if path == current else 'flat')
