"""What a person sees when the database cannot be reached (PostgreSQL restarting, network gone): a clear notice."""

from __future__ import annotations

from nicegui import ui

from services.core.errors import ClientbookError
from services.core.i18n import _
from services.core.pg import is_database_outage


def notice_outages() -> None:
    """For the current page: an action that failed says so (it is logged as well): because the database is away, or,
    for any other unexpected exception, in general words. Save handlers re-enable their buttons before re-raising."""

    def handle(error: Exception) -> None:
        if is_database_outage(error):
            ui.notify(
                _('The database cannot be reached right now, so this was not saved. Try again in a moment.'),
                type='negative',
                multi_line=True,
            )
        elif isinstance(error, ClientbookError):  # refused on purpose (a permission, a conflict) but not caught
            ui.notify(str(error), type='negative', multi_line=True)
        else:  # a defect: the person still gets an answer (the details are in the log, never on the page)
            ui.notify(
                _('Something went wrong, so this was not done. Try again; if it keeps happening, tell your admin.'),
                type='negative',
                multi_line=True,
            )

    ui.on_exception(handle)
