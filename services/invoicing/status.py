"""The status people see for an invoice, and a customer's balances, derived from the stored facts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from services.core.i18n import NP_, Translated


class InvoiceStatus(StrEnum):
    DRAFT = 'draft'
    SENT = 'sent'
    PARTLY_PAID = 'partly paid'
    PAID = 'paid'
    OVERDUE = 'overdue'
    VOID = 'void'


# What an invoice's status is called on screen (badges, filters, the invoices table). In their own context: the
# same English words are a button ("Void") and amount columns ("Paid", "Overdue"), where Spanish and Korean differ
# (la factura anulada / el botón Anular; 무효 / 무효 처리), and Spanish agrees with the feminine "factura".
STATUS_LABELS = Translated(
    {
        InvoiceStatus.DRAFT: NP_('invoice status', 'Not sent'),
        InvoiceStatus.SENT: NP_('invoice status', 'Sent'),
        InvoiceStatus.PARTLY_PAID: NP_('invoice status', 'Partly paid'),
        InvoiceStatus.PAID: NP_('invoice status', 'Paid'),
        InvoiceStatus.OVERDUE: NP_('invoice status', 'Overdue'),
        InvoiceStatus.VOID: NP_('invoice status', 'Void'),
    }
)


@dataclass(frozen=True)
class InvoiceFacts:
    total: Decimal
    paid: Decimal
    due_date: date
    sent: bool
    voided: bool

    @property
    def outstanding(self) -> Decimal:
        return Decimal(0) if self.voided else max(self.total - self.paid, Decimal(0))


def invoice_status(facts: InvoiceFacts, today: date) -> InvoiceStatus:
    """Void beats everything; a fully paid invoice is paid; an open one past its due date is overdue.

    `draft` means the invoice email has not been delivered (yet); it turns `sent` on the server's 250.
    """
    if facts.voided:
        return InvoiceStatus.VOID
    if facts.paid >= facts.total:
        return InvoiceStatus.PAID
    if facts.due_date < today:
        return InvoiceStatus.OVERDUE
    if facts.paid > 0:
        return InvoiceStatus.PARTLY_PAID
    return InvoiceStatus.SENT if facts.sent else InvoiceStatus.DRAFT


@dataclass(frozen=True)
class Balances:
    invoiced: Decimal
    paid: Decimal
    outstanding: Decimal
    overdue: Decimal


def balances(invoices: Iterable[InvoiceFacts], today: date) -> Balances:
    """Totals over the non-void invoices: invoiced, paid, still open, and open past the due date."""
    live = [facts for facts in invoices if not facts.voided]
    return Balances(
        invoiced=sum((facts.total for facts in live), Decimal(0)),
        paid=sum((facts.paid for facts in live), Decimal(0)),
        outstanding=sum((facts.outstanding for facts in live), Decimal(0)),
        overdue=sum((facts.outstanding for facts in live if facts.due_date < today), Decimal(0)),
    )
