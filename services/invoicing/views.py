"""Reading invoices: one invoice, a customer's invoices with balances, and the list of all invoices."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel
from tortoise import Tortoise

from models import Customer, Invoice, InvoiceKind, MessageKind, Payment, PaymentMethod
from services.core.clock import Clock, company_today, system_clock
from services.core.errors import NotFound
from services.core.i18n import _
from services.invoicing.invoice_list import InvoiceQuery, matching_ids
from services.invoicing.status import Balances, InvoiceFacts, InvoiceStatus, balances, invoice_status
from services.mail.outbox import MessageView, messages_for_invoices

MAX_PAGE_SIZE = 100


class PaymentView(BaseModel):
    id: int
    amount: Decimal
    paid_on: date
    method: PaymentMethod


class InvoiceView(BaseModel):
    id: int
    number: str
    kind: InvoiceKind
    customer_id: int
    customer_number: str
    customer_name: str
    issue_date: date
    due_date: date
    currency: str
    lines: list[dict[str, str]]
    vat: list[dict[str, str]]
    net_total: Decimal
    vat_total: Decimal
    total: Decimal
    paid_total: Decimal
    outstanding: Decimal
    status: InvoiceStatus
    message: str
    sent_at: datetime | None
    voided_at: datetime | None
    void_reason: str
    payments: list[PaymentView]
    messages: list[MessageView]

    @property
    def delivery(self) -> MessageView | None:
        """The invoice email itself (reminders are in `reminders`)."""
        return next((m for m in self.messages if m.kind == MessageKind.INVOICE), None)

    @property
    def reminders(self) -> list[MessageView]:
        return [m for m in self.messages if m.kind == MessageKind.REMINDER]


class CustomerInvoices(BaseModel):
    invoices: list[InvoiceView]
    invoiced: Decimal
    paid: Decimal
    outstanding: Decimal
    overdue: Decimal
    currency: str
    has_welcome_invoice: bool


class InvoiceRow(BaseModel):
    id: int
    number: str
    customer_number: str
    customer_name: str
    issue_date: date
    due_date: date
    total: Decimal
    outstanding: Decimal
    currency: str
    status: InvoiceStatus
    delivery: str


class InvoicePage(BaseModel):
    rows: list[InvoiceRow]
    total: int
    page: int
    per_page: int


def facts(invoice: Invoice) -> InvoiceFacts:
    return InvoiceFacts(
        total=Decimal(invoice.total),
        paid=Decimal(invoice.paid_total),
        due_date=invoice.due_date,
        sent=invoice.sent_at is not None,
        voided=invoice.voided_at is not None,
    )


async def get_invoice(invoice_id: int, *, clock: Clock = system_clock) -> InvoiceView:
    invoice = await Invoice.filter(id=invoice_id).prefetch_related('customer', 'payments').first()
    if invoice is None:
        raise NotFound(_('No such invoice'))
    messages = await messages_for_invoices([invoice.id])
    return _view(invoice, messages[invoice.id], company_today(clock))


async def customer_invoices(customer_number: str, *, clock: Clock = system_clock) -> CustomerInvoices:
    customer = await Customer.filter(number=customer_number).first()
    if customer is None:
        raise NotFound(_('No customer {customer_number}').format(customer_number=customer_number))
    invoices = await Invoice.filter(customer_id=customer.id).order_by('-issue_date', '-id').prefetch_related('payments')
    for invoice in invoices:
        invoice.customer = customer
    messages = await messages_for_invoices([invoice.id for invoice in invoices])
    today = company_today(clock)
    views = [_view(invoice, messages[invoice.id], today) for invoice in invoices]
    totals: Balances = balances((facts(invoice) for invoice in invoices), today)
    return CustomerInvoices(
        invoices=views,
        invoiced=totals.invoiced,
        paid=totals.paid,
        outstanding=totals.outstanding,
        overdue=totals.overdue,
        currency=invoices[0].currency if invoices else '',
        has_welcome_invoice=any(invoice.kind == InvoiceKind.WELCOME for invoice in invoices),
    )


async def list_invoices(
    query: InvoiceQuery | None = None,
    *,
    page: int | None = None,
    per_page: int | None = None,
    clock: Clock = system_clock,
) -> InvoicePage:
    """One page of the invoices `query` asks for (all of them, newest number first, by default).

    `page` and `per_page` override the query's; filters and sorting are done in SQL
    (services/invoicing/invoice_list.py).
    """
    query = query or InvoiceQuery()
    query = query.changed(page=page or query.page, per_page=per_page or query.per_page)
    today = company_today(clock)
    ids, total = await matching_ids(query, Tortoise.get_connection('default'), today)
    page = max(1, min(query.page, (total + query.per_page - 1) // query.per_page or 1))
    found = {invoice.id: invoice for invoice in await Invoice.filter(id__in=ids).prefetch_related('customer')}
    invoices = [found[invoice_id] for invoice_id in ids if invoice_id in found]
    per_page = query.per_page
    messages = await messages_for_invoices([invoice.id for invoice in invoices])
    today = company_today(clock)
    rows = []
    for invoice in invoices:
        delivery = next((m for m in messages[invoice.id] if m.kind == MessageKind.INVOICE), None)
        rows.append(
            InvoiceRow(
                id=invoice.id,
                number=invoice.number,
                customer_number=invoice.customer.number,
                customer_name=invoice.customer.name,
                issue_date=invoice.issue_date,
                due_date=invoice.due_date,
                total=Decimal(invoice.total),
                outstanding=facts(invoice).outstanding,
                currency=invoice.currency,
                status=invoice_status(facts(invoice), today),
                delivery=delivery.status.value if delivery else 'not emailed',
            )
        )
    return InvoicePage(rows=rows, total=total, page=page, per_page=per_page)


def _view(invoice: Invoice, messages: list[MessageView], today: date) -> InvoiceView:
    customer: Customer = invoice.customer
    payments: list[Any] = sorted(invoice.payments, key=lambda p: (p.paid_on, p.id))
    return InvoiceView(
        id=invoice.id,
        number=invoice.number,
        kind=invoice.kind,
        customer_id=customer.id,
        customer_number=customer.number,
        customer_name=customer.name,
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        currency=invoice.currency,
        lines=invoice.lines,
        vat=invoice.vat_breakdown,
        net_total=Decimal(invoice.net_total),
        vat_total=Decimal(invoice.vat_total),
        total=Decimal(invoice.total),
        paid_total=Decimal(invoice.paid_total),
        outstanding=facts(invoice).outstanding,
        status=invoice_status(facts(invoice), today),
        message=invoice.message,
        sent_at=invoice.sent_at,
        voided_at=invoice.voided_at,
        void_reason=invoice.void_reason,
        payments=[_payment(payment) for payment in payments],
        messages=messages,
    )


def _payment(payment: Payment) -> PaymentView:
    return PaymentView(id=payment.id, amount=Decimal(payment.amount), paid_on=payment.paid_on, method=payment.method)
