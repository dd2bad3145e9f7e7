"""What a person sees when the database cannot be reached (PostgreSQL restarting, network gone): a clear notice."""

from __future__ import annotations

from nicegui import ui

from services.core.i18n import _
from services.core.pg import is_database_outage


def notice_outages() -> None:
    """For the current page: an action that failed because the database is away says so (it is logged as well)."""

    def handle(error: Exception) -> None:
        if is_database_outage(error):
            ui.notify(
                _('The database cannot be reached right now, so this was not saved. Try again in a moment.'),
                type='negative',
                multi_line=True,
            )

    ui.on_exception(handle)
