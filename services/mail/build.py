"""Building a message for the wire, PDF included: CPU work that runs in the worker processes, not on the event loop."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.mail.compose import EmailContent, to_mime
from services.mail.smtp import Envelope
from services.pdf.invoice_document import InvoiceDocument


@dataclass(frozen=True)
class MessageSpec:
    """Everything needed to build one outgoing message (plain, picklable data)."""

    sender: str
    recipient: str
    content: EmailContent
    message_id: str
    date: datetime
    document: InvoiceDocument | None = None


def build_envelope(spec: MessageSpec) -> Envelope:
    """Render the invoice PDF (if any), assemble the MIME message and flatten it."""
    from services.pdf.invoice_pdf import render_invoice_pdf  # the PDF stack loads in the worker process only

    attachment = None
    if spec.document is not None:
        attachment = (spec.document.filename, render_invoice_pdf(spec.document))
    message = to_mime(
        sender=spec.sender,
        recipient=spec.recipient,
        content=spec.content,
        message_id=spec.message_id,
        date=spec.date,
        attachment=attachment,
    )
    return Envelope.of(message)
