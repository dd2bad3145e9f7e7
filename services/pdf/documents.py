"""Collecting what an invoice PDF shows from the database into a plain `InvoiceDocument`."""

from __future__ import annotations

from models import Invoice, Logo
from services.core.errors import NotFound
from services.core.i18n import _
from services.pdf.invoice_document import InvoiceDocument


async def invoice_document(invoice_id: int) -> InvoiceDocument:
    invoice = await Invoice.filter(id=invoice_id).first()
    if invoice is None:
        raise NotFound(_('No such invoice'))
    return await document_for(invoice)


async def document_for(invoice: Invoice, logos: dict[str, bytes | None] | None = None) -> InvoiceDocument:
    """The invoice as issued: seller and buyer come from the snapshots taken at issue time, the logo by its hash.

    `logos` caches logo bytes across the invoices of one batch.
    """
    logos = {} if logos is None else logos
    logo = None
    sha = invoice.seller.get('logo_sha256')
    if sha:
        if sha not in logos:
            row = await Logo.filter(sha256=sha).first()
            logos[sha] = bytes(row.data) if row is not None else None
        logo = logos[sha]
    return InvoiceDocument(
        number=invoice.number,
        issue_date=invoice.issue_date.isoformat(),
        due_date=invoice.due_date.isoformat(),
        currency=invoice.currency,
        seller={key: str(value or '') for key, value in invoice.seller.items() if key != 'logo_sha256'},
        buyer={key: str(value or '') for key, value in invoice.buyer.items()},
        lines=list(invoice.lines),
        vat=list(invoice.vat_breakdown),
        net_total=str(invoice.net_total),
        vat_total=str(invoice.vat_total),
        total=str(invoice.total),
        logo=logo,
        language=str(invoice.buyer.get('language') or ''),
    )
