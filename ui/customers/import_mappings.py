"""Saved mappings on the import page: save the current mapping by name, apply a saved one, delete one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from services.core.errors import ClientbookError, ValidationFailed
from services.core.i18n import _
from services.customers.transfer.mapping import (
    apply_saved_mapping,
    delete_mapping,
    save_mapping,
    saved_mapping_names,
)
from ui.access.session import current_actor
from ui.common.dialogs import confirm


class MappingControls:
    """`headers` are the file's columns, `current()` the mapping shown; `on_apply(name, mapping)` shows a saved one
    (`chosen` is the saved mapping shown, kept when the page rebuilds the controls). `names` is the page's list of
    saved mappings, kept up to date here (the page rebuilds these controls from it)."""

    def __init__(
        self,
        headers: list[str],
        current: Callable[[], list[str]],
        on_apply: Callable[[str, list[str]], Awaitable[None] | None],
        names: list[str],
        chosen: str | None = None,
    ) -> None:
        self.headers, self.current, self.on_apply, self.names = headers, current, on_apply, names
        self.refilled: str | None = None  # the value set with a refilled list: not a choice of the user
        with ui.row().classes('items-center'):
            self.name = ui.input(_('Mapping name')).classes('min-w-56').mark('mapping-name')
            ui.button(_('Save mapping'), icon='save', on_click=self._save).props('flat no-caps').mark('mapping-save')
            self.saved = (
                ui.select(names, value=chosen if chosen in names else None, label=_('Use a saved mapping'))
                .classes('min-w-48')
                .mark('mapping-use')
            )
            self.delete = (
                ui.button(_('Delete mapping'), icon='delete', on_click=self._delete)
                .props('flat no-caps color=negative')
                .mark('mapping-delete')
            )
        self._enable()
        self.saved.on_value_change(self._chosen)

    def _enable(self) -> None:
        self.saved.set_visibility(bool(self.saved.options))
        self.delete.set_visibility(bool(self.saved.value))

    async def _names(self, value: str | None) -> None:
        self.names[:] = await saved_mapping_names()
        self.refilled = value
        self.saved.set_options(list(self.names), value=value)
        self._enable()

    async def _save(self) -> None:
        current_actor()
        try:
            await save_mapping(self.name.value or '', self.headers, self.current())
        except ValidationFailed as error:
            ui.notify('; '.join(error.errors.values()), type='negative')
            return
        saved = ' '.join(str(self.name.value).split())[:100]
        await self._names(saved)
        ui.notify(_('Mapping saved'), type='positive')

    async def _chosen(self) -> None:
        current_actor()
        self._enable()
        refilled, self.refilled = self.refilled, None
        if not self.saved.value or self.saved.value == refilled:
            return
        try:
            mapping = await apply_saved_mapping(str(self.saved.value), self.headers)
        except ClientbookError as error:
            ui.notify(str(error), type='negative')
            await self._names(None)
            return
        result = self.on_apply(str(self.saved.value), mapping)
        if result is not None:
            await result

    async def _delete(self) -> None:
        current_actor()
        name = str(self.saved.value or '')
        if not name or not await confirm(
            _('Delete the mapping {name}?').format(name=name), [], confirm_text=_('Delete'), marker='confirm-mapping'
        ):
            return
        try:
            await delete_mapping(name)
        except ClientbookError as error:
            ui.notify(str(error), type='negative')
        await self._names(None)
        ui.notify(_('Mapping deleted'), type='positive')
