"""Settings -> Audit log (admins only): who did what and when, filterable, one page at a time."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from nicegui import ui

from services.core.audit import ACTION_NAMES, ENTITY_NAMES, AuditPage, list_entries
from services.core.i18n import N_, _, pgettext
from services.core.paging import PAGE_SIZES, whole_or
from ui.access.session import current_actor
from ui.common.format import date_range_input, when
from ui.common.i18n import translated_columns
from ui.common.pager import use_pager
from ui.common.server_table import ServerTable
from ui.settings.settings_nav import settings_nav

COLUMNS = [
    {'name': 'at', 'label': N_('When'), 'field': 'at', 'align': 'left'},
    {'name': 'actor_name', 'label': N_('Who'), 'field': 'actor_name', 'align': 'left'},
    {'name': 'action', 'label': N_('What'), 'field': 'action', 'align': 'left'},
    {'name': 'target', 'label': N_('On'), 'field': 'target', 'align': 'left'},
    {'name': 'change', 'label': N_('Change'), 'field': 'change', 'align': 'left'},
    {'name': 'client_address', 'label': N_('From'), 'field': 'client_address', 'align': 'left'},
]
PER_PAGE = 50


async def page() -> None:
    ui.page_title(_('Audit log · Clientbook'))
    settings_nav('/settings/audit')
    first = await list_entries(by=current_actor(), per_page=PER_PAGE)
    with ui.row().classes('w-full items-end gap-4'):
        action = (
            ui.select(
                {'': '', **{code: ACTION_NAMES.get(code, code) for code in first.actions}}, value='', label=_('Action')
            )
            .classes('w-56')
            .mark('audit-action')
        )
        search = (
            ui.input(_('Who / detail contains')).classes('w-56').props('clearable debounce=300').mark('audit-search')
        )
        since = date_range_input(pgettext('date range', 'From')).mark('audit-since')
        until = date_range_input(pgettext('date range', 'To')).mark('audit-until')
    table = (
        ServerTable(
            columns=translated_columns(COLUMNS),
            rows=_rows(first),
            row_key='id',
            pagination=_pagination(first),
            on_request=lambda pagination: load(whole_or(pagination.get('page'), 1), pagination.get('rowsPerPage')),
        )
        .classes('w-full')
        .props('flat bordered dense')
        .mark('audit-table')
    )
    table.props['rows-per-page-options'] = list(PAGE_SIZES)
    use_pager(table, _('Entries per page'))

    async def load(page_number: int = 1, per_page: Any = None) -> None:
        """A page of the log; `per_page` as asked for (one of PAGE_SIZES), else the size shown now."""
        size = whole_or(per_page, 0)
        if size not in PAGE_SIZES:
            size = table.pagination.get('rowsPerPage', PER_PAGE)
        fetch = partial(
            list_entries,
            by=current_actor(),
            page=page_number,
            per_page=size,
            action=action.value or '',
            search=search.value or '',
            since=_date(since.value),
            until=_date(until.value),
        )

        def show(result: AuditPage) -> None:
            table.rows = _rows(result)
            table.pagination = _pagination(result)

        await table.load(fetch, show)

    for element in (action, search, since, until):
        element.on_value_change(lambda: load(1))


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or '').strip())
    except ValueError:
        return None


def _rows(result: AuditPage) -> list[dict[str, Any]]:
    rows = []
    for entry in result.rows:
        change = f'{entry.field}: {entry.old_value} → {entry.new_value}' if entry.field else entry.new_value
        entity = ENTITY_NAMES.get(entry.entity, entry.entity)
        rows.append(
            {
                'id': entry.id,
                'at': when(entry.at),
                'actor_name': entry.actor_name,
                'action': ACTION_NAMES.get(entry.action, entry.action),
                'target': f'{entity} {entry.about}'.strip(),
                'change': change,
                'client_address': entry.client_address,
            }
        )
    return rows


def _pagination(result: AuditPage) -> dict[str, int]:
    return {'page': result.page, 'rowsPerPage': result.per_page, 'rowsNumber': result.total}
