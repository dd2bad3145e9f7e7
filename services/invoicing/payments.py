"""Recording payments against invoices; a fully paid invoice stops its reminders."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from models import Invoice, Payment, PaymentMethod
from services.core import audit
from services.core.actors import Actor
from services.core.clock import Clock, company_today, system_clock
from services.core.errors import Conflict, NotFound, ValidationFailed
from services.core.events import InvoicesChanged, OutboxChanged, invoices_changed, outbox_changed
from services.core.i18n import N_, Translated, _
from services.core.values.money import Choice, Problem, decimals, format_money, offer, read_amount, round_money
from services.invoicing.views import InvoiceView, get_invoice
from services.mail.outbox import cancel_pending_reminders

METHOD_LABELS = Translated(
    {
        PaymentMethod.BANK_TRANSFER: N_('Bank transfer'),
        PaymentMethod.CASH: N_('Cash'),
        PaymentMethod.CARD: N_('Card'),
        PaymentMethod.OTHER: N_('Other'),
    }
)


async def record_payment(
    *,
    invoice_id: int,
    amount: str,
    paid_on: date,
    method: PaymentMethod,
    by: Actor,
    clock: Clock = system_clock,
) -> InvoiceView:
    """Any team member may record a payment of at most the open amount, dated today or earlier.

    The amount is read in the invoice's currency with the user's locale (`core.values.money`): more decimals than
    the currency has are refused, not rounded; an ambiguous amount (`1,000` in EUR) is refused with its readings.
    """
    invoice = await Invoice.filter(id=invoice_id).first()
    if invoice is None:
        raise NotFound(_('No such invoice'))
    reading = read_amount(amount, invoice.currency, maximum=None)
    errors: dict[str, str] = {}
    choices: dict[str, tuple[Choice, ...]] = {}
    if reading.problem is Problem.AMBIGUOUS:
        shown = partial(format_money, currency=invoice.currency)
        errors['amount'], choices['amount'] = offer(reading, amount, shown, places=decimals(invoice.currency))
    elif reading.problem is Problem.DECIMALS:
        errors['amount'] = _('{currency} amounts have at most {places} decimals').format(
            currency=invoice.currency, places=decimals(invoice.currency)
        )
    elif reading.value is None or reading.value <= 0:
        errors['amount'] = _('An amount greater than 0')
    if paid_on > company_today(clock):
        errors['paid_on'] = _('The date cannot be in the future')
    if errors or reading.value is None:
        raise ValidationFailed(errors, choices=choices)
    value = round_money(reading.value, invoice.currency)
    if invoice.voided_at is not None:
        raise Conflict(_('This invoice is void'))
    async with in_transaction() as conn:
        payment = await Payment.create(
            invoice_id=invoice.id, amount=value, paid_on=paid_on, method=method, created_by_id=by.id, using_db=conn
        )
        await (
            Invoice.filter(id=invoice.id, voided_at__isnull=True)
            .using_db(conn)
            .update(paid_total=F('paid_total') + value)
        )
        updated = await Invoice.filter(id=invoice.id).using_db(conn).get()
        if Decimal(updated.paid_total) > Decimal(updated.total) or updated.voided_at is not None:
            open_amount = Decimal(invoice.total) - Decimal(invoice.paid_total)
            raise ValidationFailed(
                {
                    'amount': _('At most the open amount of {amount}').format(
                        amount=format_money(open_amount, invoice.currency)
                    )
                }
            )
        if Decimal(updated.paid_total) >= Decimal(updated.total):
            await cancel_pending_reminders(invoice.id, conn, 'Invoice paid')
        await audit.record(
            'payment.record', by=by, entity='invoice', entity_id=invoice.id, field='payment',
            new=f'{value} {invoice.currency} on {paid_on.isoformat()} ({method.value})',
            detail=f'{invoice.number} payment {payment.id}', conn=conn,
        )  # fmt: skip
    invoices_changed.publish(InvoicesChanged(invoice.customer_id))
    outbox_changed.publish(OutboxChanged())
    return await get_invoice(invoice.id, clock=clock)
