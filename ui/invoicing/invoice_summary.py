"""The invoice part of a live summary: total, VAT per rate, due date, reminder dates and a preview of the email."""

from __future__ import annotations

from nicegui import ui

from services.core.i18n import _, language, ngettext
from services.core.values.formats import format_date, format_rate
from services.core.values.money import format_money
from services.invoicing.company_profile import CompanyProfile
from services.invoicing.drafts import InvoiceReport
from services.invoicing.invoices import personal_message
from services.mail.compose import EmailContent, InvoiceFacts, invoice_email
from services.mail.templates import INVOICE_BODY, INVOICE_SUBJECT


class InvoiceSummary:
    def __init__(self, title: str = '') -> None:
        with ui.column().classes('w-full gap-1').mark('invoice-summary') as self.container:
            ui.label(title or _('Welcome invoice')).classes('text-subtitle1 text-weight-medium')
            with ui.grid(columns='auto 1fr').classes('w-full gap-x-3 gap-y-0 text-body2'):
                ui.label(_('Total')).classes('text-grey-8')
                self.total = ui.label('').classes('text-weight-bold').mark('invoice-summary-total')
                ui.label(_('VAT')).classes('text-grey-8')
                self.vat = ui.label('').classes('whitespace-pre-wrap')
                ui.label(_('Due date')).classes('text-grey-8')
                self.due = ui.label('').mark('invoice-summary-due')
                ui.label(_('Reminders')).classes('text-grey-8')
                self.reminders = ui.label('').classes('whitespace-pre-wrap').mark('invoice-summary-reminders')
            self.problems = ui.label('').classes('text-negative text-body2')
            self.glyphs = ui.label('').classes('text-warning text-body2').mark('invoice-summary-unprintable')
            ui.label(_('Email preview')).classes('text-grey-8 text-body2 q-mt-sm')
            with ui.card().classes('w-full q-pa-sm bg-grey-1').props('flat bordered'):
                self.subject = ui.label('').classes('text-weight-medium text-body2').mark('invoice-summary-subject')
                self.body = ui.label('').classes('whitespace-pre-wrap text-body2').mark('invoice-summary-body')
                self.attachment = ui.label('').classes('text-caption text-grey-7')

    def show(self, report: InvoiceReport, email: EmailContent, number: str, *, unprintable: str = '') -> None:
        self.total.set_text(format_money(report.total, report.currency))
        self.vat.set_text(
            '\n'.join(
                f'{format_rate(amount.rate)}: {format_money(amount.vat, report.currency)}' for amount in report.vat
            )
            or '—'
        )
        self.due.set_text(
            _('{date} ({days} days)').format(date=format_date(report.due_date), days=report.payment_terms_days)
        )
        dates = '; '.join(format_date(day) for day in report.reminder_dates)
        self.reminders.set_text(dates if report.reminders and dates else _('Off'))
        problems = len(report.errors) + sum(len(line) for line in report.line_errors.values())
        self.problems.set_text(
            ngettext('{count} to fix in the invoice', '{count} to fix in the invoice', problems).format(count=problems)
            if problems
            else ''
        )
        self.glyphs.set_text(
            _(
                'No font can print {characters} on the invoice PDF: it would show as ?. '
                'Install a font for that script (see README) or change the text.'
            ).format(characters=' '.join(unprintable))
            if unprintable
            else ''
        )
        self.subject.set_text(email.subject)
        self.body.set_text(email.text)
        self.attachment.set_text(
            _('Attachment: Invoice-{number}.pdf (the number is assigned on save)').format(number=number)
        )


def email_preview(
    report: InvoiceReport,
    profile: CompanyProfile,
    *,
    customer_name: str,
    number: str,
    welcome: bool,
    customer_language: str = '',
) -> EmailContent:
    """The email as the customer will get it, in their language ('' = the company's; the real invoice number is
    assigned on save)."""
    with language(customer_language or profile.language) as code:
        return _preview(report, profile, customer_name=customer_name, number=number, welcome=welcome, code=code)


def _preview(
    report: InvoiceReport, profile: CompanyProfile, *, customer_name: str, number: str, welcome: bool, code: str
) -> EmailContent:
    facts = InvoiceFacts(
        company_name=profile.display_name,
        brand_colour=profile.brand_colour,
        customer_name=customer_name or '…',
        invoice_number=number,
        amount=format_money(report.total, report.currency),
        due_date=format_date(report.due_date),
    )
    subject, body = profile.welcome_text(code) if welcome else (_(INVOICE_SUBJECT), _(INVOICE_BODY))
    return invoice_email(facts, subject_template=subject, body_template=personal_message(report, profile) or body)
