"""Building emails: texts from templates, a branded HTML part, MIME assembly and stable Message-IDs. Pure code."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from services.core.i18n import _
from services.mail.addresses import message_id_domain, utf8_mailbox, wire_address, wire_header
from services.mail.templates import fill

DEFAULT_DOMAIN = 'clientbook.localhost'
SAFE_COLOUR = re.compile(r'^#[0-9a-fA-F]{6}$')
FALLBACK_COLOUR = '#1e4e79'

# A constant frame; everything inserted into it is escaped (text) or validated (the colour).
HTML_FRAME = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#222">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"
 style="max-width:600px;background:#ffffff;border-radius:6px">
<tr><td style="background:{colour};color:#ffffff;padding:16px 24px;font-size:20px;font-weight:bold">{company}</td></tr>
<tr><td style="padding:24px;font-size:15px;line-height:1.5">{body}</td></tr>
{summary}
<tr><td style="padding:16px 24px;color:#777;font-size:12px">{footer}</td></tr>
</table></td></tr></table></body></html>
"""
SUMMARY_ROW = (
    '<tr><td style="padding:0 24px 16px"><table role="presentation" cellpadding="6" cellspacing="0" '
    'style="border:1px solid #ddd;border-radius:4px;font-size:14px">'
    '<tr><td style="color:#555">{invoice_label}</td><td><b>{number}</b></td></tr>'
    '<tr><td style="color:#555">{amount_label}</td><td><b>{amount}</b></td></tr>'
    '<tr><td style="color:#555">{due_label}</td><td><b>{due_date}</b></td></tr></table></td></tr>'
)


@dataclass(frozen=True)
class EmailContent:
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class InvoiceFacts:
    """What an invoice email talks about."""

    company_name: str
    brand_colour: str
    customer_name: str
    invoice_number: str
    amount: str
    due_date: str

    def placeholders(self) -> dict[str, str]:
        return {
            'customer_name': self.customer_name,
            'company_name': self.company_name,
            'invoice_number': self.invoice_number,
            'amount': self.amount,
            'due_date': self.due_date,
        }


def invoice_email(facts: InvoiceFacts, *, subject_template: str, body_template: str) -> EmailContent:
    """The subject and both bodies of an invoice or reminder email; the body is the (personal) message."""
    values = facts.placeholders()
    subject = ' '.join(fill(subject_template, values).split())
    text = fill(body_template, values).strip()
    labels = {'invoice_label': _('Invoice'), 'amount_label': _('Amount'), 'due_label': _('Due date')}
    shown = {'number': facts.invoice_number, 'amount': facts.amount, 'due_date': facts.due_date, **labels}
    summary = SUMMARY_ROW.format(**{key: html.escape(value) for key, value in shown.items()})
    return EmailContent(subject, text + '\n', _html(subject, text, facts.company_name, facts.brand_colour, summary))


def plain_email(*, subject: str, text: str, company_name: str, brand_colour: str) -> EmailContent:
    return EmailContent(subject, text.strip() + '\n', _html(subject, text, company_name, brand_colour, ''))


def _html(subject: str, text: str, company: str, colour: str, summary: str) -> str:
    paragraphs = [part for part in re.split(r'\n\s*\n', text.strip()) if part.strip()]
    body = ''.join(
        '<p style="margin:0 0 12px">' + '<br>'.join(html.escape(line) for line in part.splitlines()) + '</p>'
        for part in paragraphs
    )
    return HTML_FRAME.format(
        title=html.escape(subject),
        colour=colour if SAFE_COLOUR.match(colour) else FALLBACK_COLOUR,
        company=html.escape(company),
        body=body,
        summary=summary,
        footer=html.escape(f'{company} · sent with Clientbook'),
    )


def message_id(local_part: str, sender: str) -> str:
    """A Message-ID derived from what the message is about (`invoice-2026-0001.welcome@example.com`), so every
    attempt to deliver the same message carries the same ID and recipients can spot duplicates. The domain is the
    sender's as an A-label (`@xn--bcher-kva.example`): a Message-ID is ASCII only (RFC 5322 §3.6.4)."""
    domain = message_id_domain(sender) or DEFAULT_DOMAIN
    safe = re.sub(r'[^A-Za-z0-9.\-]', '-', local_part)
    return f'<{safe}@{domain}>'


def sender_header(name: str, address: str) -> str:
    """`Name <address>` as stored in the outbox (the address as typed; `to_mime` makes it ready for the wire)."""
    if not address:
        return ''
    wire = wire_address(address)
    if wire.problem or wire.smtputf8:  # formataddr takes ASCII addresses only
        return utf8_mailbox(name, address) if not wire.problem else address
    return formataddr((name, wire.address))


def to_mime(
    *,
    sender: str,
    recipient: str,
    content: EmailContent,
    message_id: str,
    date: datetime,
    attachment: tuple[str, bytes] | None = None,
) -> EmailMessage:
    """multipart/mixed( multipart/alternative(text, html), PDF ) with the given headers; the addresses in From and
    To are written for the wire (`services.mail.addresses`)."""
    message = EmailMessage(policy=policy.SMTPUTF8)
    message['From'] = wire_header(sender)[0]
    message['To'] = wire_header(recipient)[0]
    message['Subject'] = content.subject
    message['Date'] = format_datetime(date)
    message['Message-ID'] = message_id
    message.set_content(content.text)
    message.add_alternative(content.html, subtype='html')
    if attachment is not None:
        filename, data = attachment
        message.add_attachment(data, maintype='application', subtype='pdf', filename=filename)
    return message
