"""The tabs at the top of every Settings page."""

from __future__ import annotations

from nicegui import ui

from services.core.i18n import N_, _

SECTIONS = (
    (N_('General'), '/settings'),
    (N_('Company'), '/settings/company'),
    (N_('Welcome invoice'), '/settings/welcome-invoice'),
    (N_('Custom fields'), '/settings/fields'),
    (N_('Team'), '/settings/team'),
    (N_('Audit log'), '/settings/audit'),
    (N_('Backups'), '/settings/backups'),
)


def settings_nav(current: str) -> None:
    ui.label(_('Settings')).classes('text-h5')
    with ui.row().classes('gap-1 q-mb-sm'):
        for text, path in SECTIONS:
            button = ui.button(_(text), on_click=lambda path=path: ui.navigate.to(path)).props('no-caps')
            button.props('unelevated' if path == current else 'flat')
