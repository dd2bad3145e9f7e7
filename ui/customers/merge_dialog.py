"""Merge two customers: both side by side, the user picks which one survives and, per field, whose value it keeps."""

from __future__ import annotations

from nicegui import ui

from services.core.errors import ClientbookError, NotFound, ValidationFailed
from services.core.i18n import _
from services.customers.merge import MergePreview, merge_customers, merge_preview
from services.customers.views import CustomerView, get_customer
from ui.access.session import current_actor

FIRST, SECOND = 'first', 'second'


def merge_action(view: CustomerView) -> None:
    """The profile's "Merge with…" (admins): ask for the other customer's number, then show both side by side."""

    async def ask() -> None:
        with ui.dialog() as dialog, ui.card().classes('min-w-96').mark('merge-pick-other'):
            ui.label(_('Merge {number} with…').format(number=view.number)).classes('text-h6')
            other = ui.input(_('Number of the other customer'), placeholder='C-00002').classes('w-full')
            other.mark('merge-other-number')
            with ui.row().classes('w-full justify-end'):
                ui.button(_('Cancel'), on_click=lambda: dialog.submit(None)).props('flat')
                ui.button(_('Compare'), on_click=lambda: dialog.submit(other.value)).mark('merge-compare')
        number = await dialog
        dialog.delete()
        if not isinstance(number, str) or not number.strip():
            return
        try:
            found = await get_customer(number.strip().upper())
        except NotFound:
            ui.notify(_('No customer {number}').format(number=number.strip()), type='warning')
            return
        await open_survivor(await merge_two(view.id, found.id))

    ui.button(_('Merge with…'), icon='merge', on_click=ask).props('flat').mark('merge')


async def open_survivor(survivor: CustomerView | None) -> None:
    """After a merge, show the customer that stayed."""
    if survivor is not None:
        ui.navigate.to(f'/customers/{survivor.number}')


async def merge_two(first_id: int, second_id: int) -> CustomerView | None:
    """Show the merge dialog (admins); the survivor after a merge, None when the user closed it or was refused."""
    try:
        preview = await merge_preview(first_id, second_id, by=current_actor())
    except ClientbookError as error:
        ui.notify(_('Cannot merge: {error}').format(error=error), type='negative')
        return None
    dialog = MergeDialog(preview)
    return await dialog.run()


class MergeDialog:
    def __init__(self, preview: MergePreview) -> None:
        self.preview = preview
        first, second = preview.first, preview.second
        self.survivor = FIRST
        self.values = {field.key: (field.first, field.second) for field in preview.fields}
        self.picks = {key: self._default(key) for key in self.values}
        self.touched: set[str] = set()
        self.radios: dict[str, ui.radio] = {}
        with (
            ui.dialog().props('persistent') as self.dialog,
            ui.card().classes('w-[60rem] max-w-full').mark('merge-dialog'),
        ):
            ui.label(_('Merge two customers')).classes('text-h6')
            ui.label(
                _('Pick the value to keep where they differ. Invoices, payments, notes, attachments, categories and '
                  'history of both end up with the one that stays; the other number then opens it.')
            ).classes('text-body2 text-grey-8')  # fmt: skip
            ui.label(_('Which number stays?')).classes('text-weight-medium q-mt-sm')
            ui.radio(
                {FIRST: f'{first.number} {first.name}', SECOND: f'{second.number} {second.name}'},
                value=FIRST,
                on_change=lambda e: self._survivor_changed(e.value),
            ).props('inline').mark('merge-survivor')
            with ui.grid(columns='auto 1fr 1fr').classes('w-full gap-x-4 gap-y-1 items-center q-mt-sm'):
                for text in ('', first.number, second.number):
                    ui.label(text).classes('text-caption text-grey-7')
                for field in preview.fields:
                    self._row(field.key, field.label, field.first, field.second, field.differs)
                for label, (count_first, count_second) in preview.counts.items():
                    ui.label(label).classes('text-grey-8')
                    ui.label(str(count_first))
                    ui.label(str(count_second))
            self.error = ui.label('').classes('text-negative').mark('merge-error')
            with ui.row().classes('w-full justify-end'):
                ui.button(_('Cancel'), on_click=lambda: self.dialog.submit(None)).props('flat').mark('merge-cancel')
                ui.button(_('Merge'), icon='merge', color='negative', on_click=self._merge).mark('merge-confirm')

    def _row(self, key: str, label: str, first: str, second: str, differs: bool) -> None:
        ui.label(label).classes('text-grey-8')
        if key == 'categories' or not differs:
            ui.label(first or '—')
            ui.label(second or '—')
            return
        options = {FIRST: first or _('(empty)'), SECOND: second or _('(empty)')}
        radio = ui.radio(options, value=self.picks[key], on_change=lambda e: self._picked(key, e.value))
        self.radios[key] = (
            radio.props('inline').classes('col-span-2 grid grid-cols-2 gap-x-4').mark(f'merge-pick-{key}')
        )

    def _default(self, key: str) -> str:
        """The surviving customer's value, unless only the other one has a value."""
        first, second = self.values[key]
        mine, theirs = (first, second) if self.survivor == FIRST else (second, first)
        other = SECOND if self.survivor == FIRST else FIRST
        return self.survivor if mine or not theirs else other

    def _picked(self, key: str, side: str) -> None:
        if self.picks.get(key) != side:
            self.touched.add(key)
        self.picks[key] = side

    def _survivor_changed(self, side: str) -> None:
        """Values the user has not picked follow the customer that stays."""
        self.survivor = side
        for key, radio in self.radios.items():
            if key not in self.touched:
                self.picks[key] = self._default(key)
                radio.set_value(self.picks[key])

    async def run(self) -> CustomerView | None:
        self.dialog.open()
        result = await self.dialog
        self.dialog.delete()
        return result if isinstance(result, CustomerView) else None

    async def _merge(self) -> None:
        first, second = self.preview.first, self.preview.second
        survivor, merged = (first, second) if self.survivor == FIRST else (second, first)
        merged_side = SECOND if self.survivor == FIRST else FIRST
        take = [key for key, side in self.picks.items() if key in self.radios and side == merged_side]
        try:
            result = await merge_customers(
                survivor.id, merged.id, take=take, versions=(survivor.version, merged.version), by=current_actor()
            )
        except ValidationFailed as error:
            self.error.set_text(_('Not merged: {errors}').format(errors='; '.join(error.errors.values())))
            return
        except ClientbookError as error:
            self.error.set_text(_('Not merged: {error}').format(error=error))
            return
        ui.notify(
            _('{merged} merged into {survivor}').format(merged=merged.number, survivor=survivor.number),
            type='positive',
        )
        self.dialog.submit(result)
