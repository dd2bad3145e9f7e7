"""A customer's profile: header with actions, then Details, Notes, Invoices & payments and History."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from services.core.errors import NotFound
from services.core.events import RELOADED
from services.core.i18n import _
from services.customers.categories import list_categories
from services.customers.custom_fields import list_definitions
from services.customers.edit.entry_points import required_for_edit
from services.customers.views import CustomerView, get_customer, get_customer_by_id, survivor_of
from ui.access.session import current_actor
from ui.common.events import customers_changed
from ui.common.live import subscribe_while_alive
from ui.customers.history_panel import HistoryPanel
from ui.customers.merge_dialog import merge_action
from ui.customers.profile_actions import profile_actions
from ui.customers.profile_details import ProfileDetails
from ui.customers.table.category_chips import category_chip
from ui.invoicing.invoice_panel import invoice_panel
from ui.notes.notes_panel import NotesPanel

Reload = Callable[[], Awaitable[None]]


async def page(number: str) -> None:
    container = ui.column().classes('w-full gap-4')
    state = {'tab': 'details'}

    async def render() -> None:
        """Build the page from the stored state. Callers may sit in elements this deletes, so work in `container`."""
        if container.is_deleted:
            return
        with container:
            try:
                view = await get_customer(number)
                survivor = await survivor_of(view.id) if view.merged_into_id is not None else None
                if survivor is not None:
                    view = await get_customer_by_id(survivor)
            except NotFound:
                container.clear()
                ui.page_title(_('Not found · Clientbook'))
                ui.label(_('No such customer.')).classes('text-h6')
                ui.link(_('Back to customers'), '/customers')
                return
            ui.page_title(_('{number} · Clientbook').format(number=view.number))
            container.clear()
            if view.number != number:
                ui.label(_('{old} was merged into {new}.').format(old=number, new=view.number)).classes(
                    'bg-blue-1 q-pa-sm rounded-borders'
                ).mark('merged-banner')
            await _profile(view, state, render)

    await render()


async def _profile(view: CustomerView, state: dict[str, str], reload: Reload) -> None:
    """`reload` renders the page again from the stored state, after a change."""
    actor = current_actor()
    _header(view)
    if actor.is_admin:
        profile_actions(view, reload)
        if not view.erased:
            merge_action(view)
    history: HistoryPanel | None = None

    async def tab_changed(tab: str) -> None:
        state['tab'] = tab
        if tab == 'history' and history is not None:
            await history.render()  # show what happened since the page was opened

    with (
        ui.tabs(value=state['tab'], on_change=lambda e: tab_changed(e.value))
        .classes('w-full')
        .props('align=left') as tabs
    ):
        ui.tab('details', _('Details'))
        if actor.can_view_notes:
            ui.tab('notes', _('Notes'))
        ui.tab('invoices', _('Invoices & payments'))
        ui.tab('history', _('History'))
    with ui.tab_panels(tabs, value=state['tab']).classes('w-full').props('keep-alive=false'):
        with ui.tab_panel('details'):
            if view.erased:
                ui.label(_('The personal data of this customer was erased. Invoices and payments were kept.'))
            else:
                required = await required_for_edit(actor)
                details = ProfileDetails(
                    view,
                    required=required,
                    categories=await list_categories(),
                    definitions=await list_definitions(),
                    on_saved=reload,
                )
                _watch(view, details, reload)
        if actor.can_view_notes:
            with ui.tab_panel('notes'):
                if not view.erased:
                    await NotesPanel(view.id).render()
        with ui.tab_panel('invoices'):
            await invoice_panel(view)
        with ui.tab_panel('history'):
            history = HistoryPanel(view.id, on_reverted=reload)
            await history.render()


def _header(view: CustomerView) -> None:
    with ui.row().classes('w-full items-center gap-3'):
        ui.label(view.name).classes('text-h5').mark('profile-name')
        ui.badge(view.number, color='grey-7')
        if view.erased:
            ui.badge(_('Erased'), color='red-8')
        elif view.archived:
            ui.badge(_('Archived'), color='orange').mark('archived-badge')
        for category in view.categories:
            category_chip(category.name, category.colour)
        ui.space()
        ui.link(_('Back to customers'), '/customers')


def _watch(view: CustomerView, details: ProfileDetails, reload: Reload) -> None:
    """When someone else changes this customer: reload at once if nothing is being edited, else offer a reload."""
    banner = ui.row().classes('items-center gap-2 bg-amber-2 q-pa-sm rounded-borders').mark('changed-banner')
    banner.set_visibility(False)

    async def changed(event: object) -> None:
        mine = getattr(event, 'customer_id', None) == view.id or getattr(event, 'action', '') == RELOADED
        if banner.is_deleted or not mine or details.saving:
            return
        if not details.dirty:
            await reload()
            return
        banner.clear()
        with banner:
            ui.label(_('Someone else changed this customer. Saving will show both versions.'))
            ui.button(_('Reload'), on_click=reload).props('flat dense')
        banner.set_visibility(True)

    subscribe_while_alive(customers_changed, banner, changed)
