"""Admin actions on a customer: archive or restore, export everything, erase personal data."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from services.core.errors import ValidationFailed
from services.core.i18n import _
from services.customers.edit.bulk import set_archived
from services.customers.privacy.data_export import export_customer
from services.customers.privacy.erasure import erase_customer
from services.customers.transfer.vcard_export import VCARD_TYPE, export_customers_vcard
from services.customers.views import CustomerView
from ui.access.session import current_actor
from ui.downloads import offer


def profile_actions(view: CustomerView, changed: Callable[[], Awaitable[None]]) -> None:
    async def archive(archived: bool) -> None:
        await set_archived(view.id, archived, by=current_actor())
        ui.notify(f'{view.number} {"archived" if archived else "restored"}', type='positive')
        await changed()

    async def export() -> None:
        actor = current_actor()
        filename, content = await export_customer(view.id, by=actor)
        offer(content, filename, 'application/zip', by=actor)

    async def vcard() -> None:
        actor = current_actor()
        offer(await export_customers_vcard([view.id], by=actor), f'{view.number}.vcf', VCARD_TYPE, by=actor)

    with ui.row().classes('gap-1'):
        if not view.erased:
            ui.button(_('vCard'), icon='contact_page', on_click=vcard).props('flat').mark('export-vcard')
            if view.archived:
                ui.button(_('Restore'), icon='unarchive', on_click=lambda: archive(False)).props('flat').mark('restore')
            else:
                ui.button(_('Archive'), icon='archive', on_click=lambda: archive(True)).props('flat').mark('archive')
        ui.button(_('Export data'), icon='download', on_click=export).props('flat').mark('export')
        if not view.erased:
            ui.button(
                _('Erase personal data'),
                icon='delete_forever',
                color='negative',
                on_click=lambda: _erase_dialog(view, changed),
            ).props('flat').mark('erase')


def _erase_dialog(view: CustomerView, changed: Callable[[], Awaitable[None]]) -> None:
    with ui.dialog() as dialog, ui.card().classes('w-[32rem]').mark('erase-dialog'):
        ui.label(_('Erase the personal data of this customer?')).classes('text-h6')
        ui.label(
            _(
                'Name, contact details, address, tax ID, custom fields, notes and attachments are removed for good, '
                'also from the history. Invoices and payments stay, as the law requires. This cannot be undone.'
            )
        ).classes('text-body2')
        confirmation = (
            ui.input(_('Type {number} to confirm').format(number=view.number))
            .classes('w-full')
            .mark('erase-confirmation')
        )

        async def erase() -> None:
            try:
                await erase_customer(view.id, confirmation=confirmation.value or '', by=current_actor())
            except ValidationFailed as error:
                confirmation.error = ' '.join(error.errors.values())
                return
            dialog.close()
            ui.notify(_('Personal data of {number} erased').format(number=view.number), type='positive')
            await changed()

        with ui.row().classes('w-full justify-end'):
            ui.button(_('Cancel'), on_click=dialog.close).props('flat')
            ui.button(_('Erase'), color='negative', on_click=erase).mark('erase-confirm')
    dialog.open()
