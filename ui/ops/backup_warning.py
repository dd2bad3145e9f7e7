"""The header's warning for admins when the newest good backup is older than two days (or there is none)."""

from __future__ import annotations

from nicegui import ui

from services.core.actors import Actor
from services.ops.backup import backup_status
from ui.ops.backup_text import warning_text
from ui.ops.runtime import settings


def backup_warning(actor: Actor) -> None:
    """A small red button in the header that leads to Settings -> Backups; nothing for members or recent backups."""
    if not actor.is_admin:
        return
    text = warning_text(backup_status(settings().backups_dir))
    if text:
        button = ui.button(text, icon='warning', on_click=lambda: ui.navigate.to('/settings/backups'))
        button.props('dense no-caps unelevated color=red-8 text-color=white').mark('backup-warning')
