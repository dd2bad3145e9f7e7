"""A dialog to write an invoice and send it: for a given customer (profile) or one picked here (Invoices page)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from nicegui import ui
from nicegui.events import ValueChangeEventArguments

from services.core.errors import ClientbookError, ValidationFailed
from services.core.i18n import _
from services.customers.lookup import CustomerChoice, search_customers
from services.invoicing.catalogue import list_products
from services.invoicing.company_profile import get_company_profile
from services.invoicing.drafts import InvoiceDraft
from services.invoicing.invoices import (
    business_today,
    check_invoice,
    create_invoice,
    peek_invoice_number,
    send_welcome_invoice,
)
from services.invoicing.views import InvoiceView
from ui.access.session import current_actor
from ui.common.search_select import SearchSelect
from ui.invoicing.invoice_editor import InvoiceEditor
from ui.invoicing.invoice_summary import InvoiceSummary, email_preview


async def invoice_dialog(
    *, customer_number: str | None, customer_name: str = '', welcome: bool = False, another: bool = False
) -> InvoiceView | None:
    """Returns the created (or already existing) invoice, or None when cancelled."""
    profile = await get_company_profile()
    products = await list_products()
    number = await peek_invoice_number(business_today(profile))
    request_key = uuid.uuid4().hex  # one per dialog: a second click on "Send" cannot create a second invoice
    draft = InvoiceDraft(message=profile.welcome_body if welcome else '')
    chosen = {'number': customer_number, 'name': customer_name}
    title = (
        (_('Send another welcome invoice') if another else _('Send welcome invoice')) if welcome else _('New invoice')
    )
    # In the page's root, so that a live refresh of the page cannot take the open dialog with it.
    with ui.context.client.content, ui.dialog() as dialog, ui.card().classes('w-full max-w-6xl').mark('invoice-dialog'):
        ui.label(title).classes('text-h6')
        if customer_number is None:
            _customer_picker(chosen, lambda: refresh())
        else:
            ui.label(
                _('For {customer_number} {customer_name}').format(
                    customer_number=customer_number, customer_name=customer_name
                )
            ).classes('text-body2 text-grey-8')
        with ui.element('div').classes('w-full grid grid-cols-1 lg:grid-cols-3 gap-4 items-start'):
            with ui.column().classes('lg:col-span-2 w-full'):
                editor = InvoiceEditor(
                    draft, products, profile, lambda: refresh(), message_label=_('Message (email text)')
                )
            with ui.card().classes('w-full').props('flat bordered'):
                summary = InvoiceSummary(_('Welcome invoice') if welcome else _('Invoice'))
        with ui.row().classes('w-full justify-end'):
            ui.button(_('Cancel'), on_click=lambda: dialog.submit(None)).props('flat')
            send = ui.button(_('Create and send'), icon='send').mark('invoice-send')

    def refresh() -> None:
        report = check_invoice(draft, profile, business_today(profile))
        editor.show(report)
        preview = email_preview(report, profile, customer_name=chosen['name'] or '', number=number, welcome=welcome)
        summary.show(report, preview, number)
        send.set_enabled(report.can_save and bool(chosen['number']))

    async def submit() -> None:
        send.disable()
        try:
            if welcome:
                view, created = await send_welcome_invoice(
                    customer_number=str(chosen['number']), draft=draft, by=current_actor(), another=another
                )
            else:
                view, created = await create_invoice(
                    customer_number=str(chosen['number']), draft=draft, request_key=request_key, by=current_actor()
                )
        except ValidationFailed as error:
            editor.set_errors(error.errors)
            ui.notify(_('Not sent: {errors}').format(errors='; '.join(error.errors.values())), type='negative')
            refresh()
            return
        except ClientbookError as error:
            ui.notify(str(error), type='negative')
            refresh()
            return
        if created:
            ui.notify(_('Invoice {number} created and queued for sending').format(number=view.number), type='positive')
        else:
            ui.notify(_('Invoice {number} already exists').format(number=view.number), type='info')
        dialog.submit(view)

    send.on_click(submit)
    refresh()
    result = await dialog
    dialog.delete()
    return result if isinstance(result, InvoiceView) else None


def _customer_picker(chosen: dict[str, str | None], on_pick: Callable[[], None]) -> None:
    """Type part of a number, name or email: the server answers with the matching customers (never all of them)."""
    answered: dict[str, CustomerChoice] = {}

    async def find(text: str) -> dict[str, str]:
        choices = await search_customers(text, by=current_actor())
        answered.update({choice.number: choice for choice in choices})
        return {choice.number: choice.label for choice in choices}

    def picked(event: ValueChangeEventArguments) -> None:
        choice = answered.get(event.value or '')
        chosen['number'] = choice.number if choice else None
        chosen['name'] = choice.name if choice else ''
        on_pick()

    picker = SearchSelect(find, label=_('Customer')).classes('w-full max-w-xl').mark('invoice-customer')
    picker.on_value_change(picked)
