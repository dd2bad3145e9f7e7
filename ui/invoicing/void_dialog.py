"""'Void invoice': says what voiding does, asks for the reason, and voids only when the user confirms."""

from __future__ import annotations

from nicegui import ui

from services.core.errors import ClientbookError, ValidationFailed
from services.core.i18n import _
from services.invoicing.invoices import VOID_REASON_LENGTH, void_invoice
from services.invoicing.views import InvoiceView
from ui.access.session import current_actor


async def void_dialog(invoice: InvoiceView) -> bool:
    """True when the invoice was voided; False when the user cancelled."""
    # In the page's root, not in the invoice list: a live refresh of the list must not take the open dialog with it.
    with ui.context.client.content, ui.dialog() as dialog, ui.card().classes('w-[32rem]').mark('void-dialog'):
        ui.label(_('Void invoice {number}?').format(number=invoice.number)).classes('text-h6')
        ui.label(
            _(
                'The invoice keeps its number and is marked void: it no longer counts as owed, and its pending email '
                'and reminders are cancelled. This cannot be undone.'
            )
        ).classes('text-body2')
        reason = ui.input(_('Reason *')).without_auto_validation().classes('w-full').mark('void-reason')
        reason.props(f'maxlength={VOID_REASON_LENGTH} autofocus')

        async def void() -> None:
            try:
                await void_invoice(invoice_id=invoice.id, reason=reason.value or '', by=current_actor())
            except ValidationFailed as error:
                reason.error = error.errors.get('reason') or str(error)
                return
            except ClientbookError as error:
                ui.notify(str(error), type='negative')
                return
            ui.notify(_('Invoice {number} is void').format(number=invoice.number), type='positive')
            dialog.submit(True)

        reason.on('keydown.enter', void)
        with ui.row().classes('w-full justify-end'):
            ui.button(_('Cancel'), on_click=lambda: dialog.submit(False)).props('flat').mark('void-cancel')
            ui.button(_('Void invoice'), icon='block', color='negative', on_click=void).mark('void-confirm')
    result = await dialog
    dialog.delete()
    return bool(result)
