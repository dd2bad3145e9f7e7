"""'Record payment': amount (pre-filled with the open amount), date and method."""

from __future__ import annotations

from datetime import date

from nicegui import ui

from services.core.clock import Clock, company_today, system_clock
from services.core.errors import ClientbookError, ValidationFailed
from services.core.i18n import _
from services.core.values.money import Choice, decimals, input_text
from services.invoicing.payments import METHOD_LABELS, record_payment
from services.invoicing.status import STATUS_LABELS
from services.invoicing.views import InvoiceView
from ui.access.session import current_actor
from ui.common.number_choices import NumberChoices


async def payment_dialog(invoice: InvoiceView, *, clock: Clock = system_clock) -> bool:
    today = company_today(clock)  # the company's date: a payment at 08:00 in Seoul is not dated the day before
    # In the page's root, not in the invoice list: a live refresh of the list must not take the open dialog with it.
    with ui.context.client.content, ui.dialog() as dialog, ui.card().classes('min-w-96').mark('payment-dialog'):
        ui.label(_('Record payment for {number}').format(number=invoice.number)).classes('text-h6')
        places = decimals(invoice.currency)
        amount = ui.input(_('Amount'), value=input_text(invoice.outstanding, places=places))
        amount.without_auto_validation().mark('payment-amount').classes('w-full').props('inputmode=decimal')
        amount_choices = NumberChoices('payment-amount-choice')

        def choose(choice: Choice) -> None:
            amount.set_value(choice.text)
            amount.error = None
            amount_choices.show([], choose)

        paid_on = ui.input(_('Date'), value=today.isoformat()).without_auto_validation().classes('w-full')
        paid_on.props('type=date').mark('payment-date')
        method = ui.select(
            {m.value: label for m, label in METHOD_LABELS.items()}, value='bank_transfer', label=_('Method')
        )
        method.classes('w-full').mark('payment-method')

        async def save() -> None:
            try:
                day = date.fromisoformat(paid_on.value or '')
            except ValueError:
                paid_on.error = _('A date like 2026-03-14')
                return
            try:
                view = await record_payment(
                    invoice_id=invoice.id,
                    amount=str(amount.value or ''),
                    paid_on=day,
                    method=next(m for m in METHOD_LABELS if m.value == method.value),
                    by=current_actor(),
                )
            except ValidationFailed as error:
                amount.error = error.errors.get('amount')
                amount_choices.show(error.choices.get('amount', ()), choose)
                paid_on.error = error.errors.get('paid_on')
                return
            except ClientbookError as error:
                ui.notify(str(error), type='negative')
                return
            ui.notify(
                _('Payment recorded; invoice {number}: {status}').format(
                    number=view.number, status=STATUS_LABELS[view.status]
                ),
                type='positive',
            )
            dialog.submit(True)

        with ui.row().classes('w-full justify-end'):
            ui.button(_('Cancel'), on_click=lambda: dialog.submit(False)).props('flat')
            ui.button(_('Record payment'), on_click=save).mark('payment-save')
    result = await dialog
    dialog.delete()
    return bool(result)
