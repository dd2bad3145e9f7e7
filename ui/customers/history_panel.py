"""The profile's History: every change, who made it and when; admins can revert a single field change."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from services.core.errors import ClientbookError, DuplicateFound
from services.core.i18n import _
from services.customers.edit.history import HistoryItem, customer_history, revert_change
from ui.access.session import current_actor
from ui.common.dialogs import confirm
from ui.common.format import when
from ui.customers.duplicate_dialog import confirm_duplicates


class HistoryPanel:
    def __init__(self, customer_id: int, on_reverted: Callable[[], Awaitable[None]]) -> None:
        self.customer_id = customer_id
        self.on_reverted = on_reverted
        self.list = ui.column().classes('w-full max-w-3xl gap-1').mark('history')

    async def render(self) -> None:
        actor = current_actor()
        items = await customer_history(self.customer_id, by=actor)
        self.list.clear()
        if not items:
            with self.list:
                ui.label(_('Nothing recorded yet.')).classes('text-grey-7')
            return
        with self.list, ui.timeline(side='right').classes('w-full'):
            for item in items:
                with ui.timeline_entry(title=_title(item), subtitle=f'{when(item.at)} · {item.actor_name}'):
                    if item.field:
                        ui.label(f'{item.old or "—"}  →  {item.new or "—"}').classes('whitespace-pre-wrap')
                    if actor.is_admin and item.revertable:
                        ui.button(_('Revert'), on_click=lambda item=item: self._revert(item)).props(
                            'flat dense no-caps'
                        ).mark(f'revert-{item.id}')

    async def _revert(self, item: HistoryItem) -> None:
        if not await confirm(
            _('Revert this change?'),
            [_('{field}: back to "{value}"').format(field=item.field_label, value=item.old or _('(empty)'))],
            confirm_text=_('Revert'),
            marker='confirm-revert',
        ):
            return
        confirmed: list[int] = []
        try:
            try:
                await revert_change(item.id, by=current_actor())
            except DuplicateFound as duplicate:
                if not await confirm_duplicates(duplicate.matches, confirm_text=_('Revert anyway')):
                    return
                confirmed = [getattr(match, 'customer_id', 0) for match in duplicate.matches]
                await revert_change(item.id, by=current_actor(), confirmed_duplicates=confirmed)
        except ClientbookError as error:
            ui.notify(str(error), type='negative')
            return
        ui.notify(_('Change reverted'), type='positive')
        await self.on_reverted()


def _title(item: HistoryItem) -> str:
    return f'{item.text}: {item.field_label}' if item.field_label else item.text
