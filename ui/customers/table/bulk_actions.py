"""Actions on the selected customers: categories, CSV and Excel export, archive, restore, permanent deletion."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from services.core.errors import ClientbookError, DeletionBlocked
from services.core.i18n import N_, _, ngettext
from services.core.values.formats import format_whole
from services.customers.categories import CategoryView
from services.customers.csv_export import XLSX_TYPE, export_customers_csv, export_customers_xlsx
from services.customers.edit.bulk import (
    add_category,
    archive_customers,
    delete_customers,
    remove_category,
    restore_customers,
)
from services.customers.transfer.vcard_export import VCARD_TYPE, export_customers_vcard
from ui.access.session import current_actor
from ui.common.autocomplete_select import AutocompleteSelect
from ui.common.dialogs import confirm
from ui.common.format import dated_file_name
from ui.customers.merge_dialog import merge_two


class BulkActions:
    """A bar over the table, built while something is selected (an idle page keeps no elements for it)."""

    def __init__(
        self,
        selection: Callable[[], list[int]],
        categories: Callable[[], list[CategoryView]],
        clear: Callable[[], Awaitable[None]],
    ) -> None:
        self.selection = selection
        self.categories = categories
        self.clear = clear
        self.bar = ui.row().classes('w-full items-center gap-2 q-pa-sm bg-blue-1 rounded-borders').mark('bulk-actions')
        self.bar.set_visibility(False)

    def show(self) -> None:
        count = len(self.selection())
        self.bar.clear()
        self.bar.set_visibility(count > 0)
        if not count:
            return
        with self.bar:
            ui.label(ngettext('{count} selected', '{count} selected', count).format(count=format_whole(count))).classes(
                'text-weight-medium'
            ).mark('selected-count')
            ui.button(_('Add category'), icon='sell', on_click=self._add_category).props('flat dense')
            ui.button(_('Remove category'), icon='label_off', on_click=self._remove_category).props('flat dense')
            ui.button(_('Export CSV'), icon='download', on_click=self._export).props('flat dense')
            ui.button(_('Export Excel'), icon='table_view', on_click=self._export_xlsx).props('flat dense').mark(
                'export-xlsx'
            )
            ui.button(_('Export vCard'), icon='contacts', on_click=self._export_vcard).props('flat dense').mark(
                'export-vcard'
            )
            if current_actor().is_admin:
                ui.button(_('Archive'), icon='archive', on_click=self._archive).props('flat dense')
                ui.button(_('Restore'), icon='unarchive', on_click=self._restore).props('flat dense')
                ui.button(_('Delete…'), icon='delete_forever', on_click=self._delete).props('flat dense color=negative')
                if count == 2:
                    ui.button(_('Merge…'), icon='merge', on_click=self._merge).props('flat dense').mark('bulk-merge')
            ui.space()
            ui.button(_('Clear selection'), on_click=self.clear).props('flat dense')

    async def _add_category(self) -> None:
        names = [category.name for category in self.categories()]
        name = await _choose(
            _('Add a category to {customers}').format(customers=_customers(len(self.selection()))),
            names,
            _('Add'),
            allow_new=True,
        )
        if name:
            await self._run(
                add_category(self.selection(), str(name), by=current_actor()), N_('Category added to {customers}')
            )

    async def _remove_category(self) -> None:
        options = {category.id: category.name for category in self.categories()}
        chosen = await _choose(
            _('Remove a category from {customers}').format(customers=_customers(len(self.selection()))),
            options,
            _('Remove'),
        )
        if isinstance(chosen, int):
            await self._run(
                remove_category(self.selection(), chosen, by=current_actor()), N_('Category removed from {customers}')
            )

    async def _export(self) -> None:
        try:
            data = await export_customers_csv(self.selection(), by=current_actor())
        except ClientbookError as error:
            ui.notify(_('Not exported: {error}').format(error=error), type='negative')
            return
        ui.download.content(data, dated_file_name('customers', 'csv'), 'text/csv')

    async def _export_xlsx(self) -> None:
        try:
            data = await export_customers_xlsx(self.selection(), by=current_actor())
        except ClientbookError as error:
            ui.notify(_('Not exported: {error}').format(error=error), type='negative')
            return
        ui.download.content(data, dated_file_name('customers', 'xlsx'), XLSX_TYPE)

    async def _export_vcard(self) -> None:
        try:
            data = await export_customers_vcard(self.selection(), by=current_actor())
        except ClientbookError as error:
            ui.notify(_('Not exported: {error}').format(error=error), type='negative')
            return
        ui.download.content(data, dated_file_name('customers', 'vcf'), VCARD_TYPE)

    async def _archive(self) -> None:
        if await self._run(archive_customers(self.selection(), by=current_actor()), N_('Archived {customers}')):
            await self.clear()

    async def _restore(self) -> None:
        if await self._run(restore_customers(self.selection(), by=current_actor()), N_('Restored {customers}')):
            await self.clear()

    async def _delete(self) -> None:
        count = len(self.selection())
        lines = [
            _('{customers} and their notes will be deleted for good.').format(customers=_customers(count)),
            _('This cannot be undone.'),
        ]
        title, button = _('Delete permanently?'), _('Delete permanently')
        if not await confirm(title, lines, confirm_text=button, marker='confirm-delete'):
            return
        if await self._run(delete_customers(self.selection(), by=current_actor()), N_('Deleted {customers}')):
            await self.clear()

    async def _merge(self) -> None:
        selected = self.selection()
        if len(selected) == 2 and await merge_two(selected[0], selected[1]) is not None:
            await self.clear()

    async def _run(self, action: Awaitable[int], message: str) -> bool:
        try:
            changed = await action
        except DeletionBlocked as error:
            ui.notify(str(error), type='negative', multi_line=True)
            return False
        except ClientbookError as error:
            ui.notify(_('Not done: {error}').format(error=error), type='negative')
            return False
        ui.notify(_(message).format(customers=_customers(changed)), type='positive')
        return True


def _customers(count: int) -> str:
    return ngettext('{count} customer', '{count} customers', count).format(count=format_whole(count))


async def _choose(
    title: str, options: list[str] | dict[int, str], action: str, *, allow_new: bool = False
) -> str | int | None:
    with ui.dialog() as dialog, ui.card().classes('min-w-96').mark('bulk-dialog'):
        ui.label(title).classes('text-h6')
        hint = _('Type to find one; Enter creates a new one') if allow_new else _('Type to find one')
        choice = AutocompleteSelect(
            options, label=_('Category'), with_input=True, new_value_mode='add-unique' if allow_new else None
        ).classes('w-full')
        choice.props['hint'] = hint
        choice.mark('bulk-category')
        with ui.row().classes('w-full justify-end'):
            ui.button(_('Cancel'), on_click=lambda: dialog.submit(None)).props('flat')
            ui.button(action, on_click=lambda: dialog.submit(choice.value)).mark('bulk-confirm')
    result = await dialog
    dialog.delete()
    return result if isinstance(result, str | int) else None
