"""'Invoices & payments' on a customer's page: every invoice with status and delivery, payments, balances, actions."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from services.core.errors import ClientbookError
from services.core.events import InvoicesChanged
from services.core.i18n import N_, Translated, _
from services.core.values.formats import format_date
from services.core.values.money import format_money
from services.customers.registration import CustomerView
from services.invoicing.payments import METHOD_LABELS
from services.invoicing.status import STATUS_LABELS
from services.invoicing.views import CustomerInvoices, InvoiceView, customer_invoices
from services.mail.outbox import MessageView, mark_delivered, retry_message
from ui.access.session import current_actor
from ui.common.events import invoices_updated, outbox_updated
from ui.common.live import is_gone, subscribe_while_alive
from ui.invoicing.invoice_dialog import invoice_dialog
from ui.invoicing.payment_dialog import payment_dialog
from ui.invoicing.void_dialog import void_dialog

STATUS_COLOURS = {'draft': 'grey-7', 'sent': 'primary', 'partly paid': 'warning', 'paid': 'positive',
                  'overdue': 'negative', 'void': 'grey-5'}  # fmt: skip
DELIVERY_COLOURS = {'pending': 'grey-7', 'sending': 'primary', 'sent': 'positive', 'failed': 'negative',
                    'unknown': 'warning', 'cancelled': 'grey-5'}  # fmt: skip
REMINDER_TEXT = Translated({'pending': N_('scheduled'), 'sent': N_('sent')})
DELIVERY_TEXT = Translated(
    {
        'pending': N_('email queued'),
        'sending': N_('email sending'),
        'sent': N_('email delivered'),
        'failed': N_('email failed'),
        'unknown': N_('delivery unknown'),
        'cancelled': N_('email cancelled'),
        'not emailed': N_('not emailed'),
    }
)


async def invoice_panel(customer: CustomerView) -> None:
    with ui.card().classes('w-full max-w-5xl').mark('invoices-panel') as card:
        with ui.row().classes('w-full items-center'):
            ui.label(_('Invoices & payments')).classes('text-subtitle1 text-weight-medium')
            ui.space()
            welcome_button = ui.button(
                _('Send welcome invoice'), icon='celebration', on_click=lambda: create(welcome=True)
            ).props('outline')
            welcome_button.mark('send-welcome-invoice')
            ui.button(_('New invoice'), icon='add', on_click=lambda: create(welcome=False)).props('outline')

        @ui.refreshable
        def content(overview: CustomerInvoices) -> None:
            welcome_button.set_text(
                _('Send another welcome invoice') if overview.has_welcome_invoice else _('Send welcome invoice')
            )
            _balances(overview)
            if not overview.invoices:
                ui.label(_('No invoices yet.')).classes('text-grey-7 text-body2')
            for invoice in overview.invoices:
                _invoice(invoice, reload)

    async def reload() -> None:
        overview = await customer_invoices(customer.number)
        if not is_gone(card):  # the page may have been left while the database answered
            content.refresh(overview)

    async def create(*, welcome: bool) -> None:
        overview = await customer_invoices(customer.number)
        another = welcome and overview.has_welcome_invoice
        if await invoice_dialog(
            customer_number=customer.number, customer_name=customer.name, welcome=welcome, another=another
        ):
            await reload()

    # Only now wait for the database: the buttons above may be clicked as soon as the page shows.
    with card:
        content(await customer_invoices(customer.number))

    async def changed(event: InvoicesChanged | object) -> None:
        if not isinstance(event, InvoicesChanged) or event.customer_id == customer.id:
            await reload()

    subscribe_while_alive(invoices_updated, card, changed)
    subscribe_while_alive(outbox_updated, card, changed)


def _balances(overview: CustomerInvoices) -> None:
    currency = overview.currency or 'EUR'
    with ui.row().classes('w-full gap-6 q-py-sm').mark('invoice-balances'):
        for caption, amount, colour in ((_('Invoiced'), overview.invoiced, ''),
                                        (_('Paid'), overview.paid, 'text-positive'),
                                        (_('Outstanding'), overview.outstanding, ''),
                                        (_('Overdue'), overview.overdue, 'text-negative')):  # fmt: skip
            with ui.column().classes('gap-0'):
                ui.label(caption).classes('text-caption text-grey-7')
                ui.label(format_money(amount, currency)).classes('text-subtitle1 text-weight-medium').classes(colour)


def _invoice(invoice: InvoiceView, refresh: Callable[[], Awaitable[None]]) -> None:
    with ui.card().classes('w-full q-pa-sm').props('flat bordered').mark(f'invoice-{invoice.number}'):
        with ui.row().classes('w-full items-center gap-3'):
            ui.label(invoice.number).classes('text-weight-bold')
            ui.badge(STATUS_LABELS[invoice.status], color=STATUS_COLOURS[invoice.status.value]).mark('invoice-status')
            if invoice.kind.value == 'welcome':
                ui.badge(_('welcome'), color='teal').props('outline')
            delivery = invoice.delivery
            if delivery is not None:
                ui.badge(DELIVERY_TEXT[delivery.status.value], color=DELIVERY_COLOURS[delivery.status.value]).props(
                    'outline'
                ).mark('invoice-delivery')
            ui.space()
            ui.label(
                _('Issued {issued} · due {due}').format(
                    issued=format_date(invoice.issue_date), due=format_date(invoice.due_date)
                )
            ).classes('text-body2 text-grey-8')
            ui.label(format_money(invoice.total, invoice.currency)).classes('text-weight-medium')
        if delivery is not None and delivery.status.value in ('failed', 'unknown'):
            _delivery_problem(delivery, refresh)
        with ui.row().classes('w-full items-center gap-2'):
            url = f'/downloads/invoices/{invoice.id}.pdf'
            ui.button(_('PDF'), icon='download', on_click=lambda url=url: ui.download.from_url(url)).props(
                'flat dense'
            ).mark('invoice-pdf')
            if invoice.status.value not in ('paid', 'void'):
                ui.button(_('Record payment'), icon='payments', on_click=lambda: _pay(invoice, refresh)).props(
                    'flat dense'
                ).mark('record-payment')
            if current_actor().is_admin and invoice.status.value != 'void' and invoice.paid_total == 0:
                ui.button(_('Void'), icon='block', on_click=lambda: _void(invoice, refresh)).props('flat dense').mark(
                    'void-invoice'
                )
            ui.space()
            if invoice.outstanding and invoice.status.value != 'void':
                ui.label(
                    _('Open: {amount}').format(amount=format_money(invoice.outstanding, invoice.currency))
                ).classes('text-body2')
        reminders = [m for m in invoice.reminders if m.status.value in ('pending', 'sent')]
        if reminders:
            text = ', '.join(f'+{m.reminder_day} ({REMINDER_TEXT[m.status.value]})' for m in reminders)
            ui.label(_('Reminders: {text}').format(text=text)).classes('text-caption text-grey-7')
        for payment in invoice.payments:
            ui.label(
                _('Paid {amount} on {date} ({method})').format(
                    amount=format_money(payment.amount, invoice.currency),
                    date=format_date(payment.paid_on),
                    method=METHOD_LABELS[payment.method],
                )
            ).classes('text-body2 text-positive')
        if invoice.void_reason:
            ui.label(_('Void: {reason}').format(reason=invoice.void_reason)).classes('text-body2 text-grey-7')


def _delivery_problem(message: MessageView, refresh: Callable[[], Awaitable[None]]) -> None:
    with ui.row().classes('w-full items-center gap-2 bg-red-1 q-pa-xs rounded-borders').mark('delivery-problem'):
        ui.icon('error' if message.status.value == 'failed' else 'help', color='negative')
        ui.label(message.last_error or _('The mail server did not confirm delivery.')).classes('text-body2')
        ui.space()
        ui.button(_('Retry'), on_click=lambda: _retry(message, refresh)).props('flat dense').mark('retry-delivery')
        if message.status.value == 'unknown':
            ui.button(_('It arrived'), on_click=lambda: _delivered(message, refresh)).props('flat dense')


async def _retry(message: MessageView, refresh: Callable[[], Awaitable[None]]) -> None:
    try:
        await retry_message(message_id=message.id, by=current_actor())
    except ClientbookError as error:
        ui.notify(str(error), type='negative')
        return
    ui.notify(_('Queued again for sending'), type='positive')
    await refresh()


async def _delivered(message: MessageView, refresh: Callable[[], Awaitable[None]]) -> None:
    try:
        await mark_delivered(message_id=message.id, by=current_actor())
    except ClientbookError as error:
        ui.notify(str(error), type='negative')
        return
    await refresh()


async def _pay(invoice: InvoiceView, refresh: Callable[[], Awaitable[None]]) -> None:
    if await payment_dialog(invoice):
        await refresh()


async def _void(invoice: InvoiceView, refresh: Callable[[], Awaitable[None]]) -> None:
    if await void_dialog(invoice):
        await refresh()
