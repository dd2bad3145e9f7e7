"""Issuing invoices: numbered without gaps, written with their outbox messages in one transaction; voiding."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import Counter, Customer, Invoice, InvoiceKind, MessageKind, MessageStatus, OutboxMessage
from services.core import audit
from services.core.actors import Actor, require_admin
from services.core.clock import Clock, system_clock, utc, zone
from services.core.columns import column_length
from services.core.errors import Conflict, NotFound, ValidationFailed
from services.core.events import InvoicesChanged, OutboxChanged, invoices_changed, outbox_changed
from services.core.i18n import _, language, supported_language
from services.core.numbering import invoice_counter, invoice_number, next_value
from services.core.values.countries import country_name
from services.core.values.money import Choice, format_money
from services.core.values.validation import format_phone, format_tax_id
from services.invoicing.company_profile import CompanyProfile, get_company_profile
from services.invoicing.drafts import InvoiceDraft, InvoiceReport, check_invoice_draft
from services.invoicing.views import InvoiceView, get_invoice
from services.mail.compose import invoice_email, message_id, sender_header
from services.mail.outbox import cancel_pending_reminders, enqueue
from services.mail.reminders import email_facts
from services.mail.templates import DEFAULT_WELCOME_BODY, INVOICE_BODY, INVOICE_SUBJECT, REMINDER_BODY, REMINDER_SUBJECT

VOID_REASON_LENGTH = column_length(Invoice, 'void_reason')
REMINDER_TIME = time(9, 0)  # reminders go out in the morning of their day (business time zone)


async def prepare_invoice(
    draft: InvoiceDraft, *, customer_email: str, clock: Clock = system_clock
) -> tuple[InvoiceReport, CompanyProfile]:
    """Check an invoice draft against the company settings; raise `ValidationFailed` with `invoice.*` keys."""
    profile = await get_company_profile()
    report = check_invoice(draft, profile, business_today(profile, clock))
    errors = invoice_errors(report)
    if not customer_email:
        errors['email'] = _('An email address is needed to send the invoice')
    if errors:
        raise ValidationFailed(errors, choices=invoice_choices(report))
    return report, profile


def business_today(profile: CompanyProfile, clock: Clock = system_clock) -> date:
    """Today's date in the company's time zone (an invoice issued at 23:30 in Seoul is dated that day)."""
    return clock().astimezone(zone(profile.time_zone)).date()


def check_invoice(draft: InvoiceDraft, profile: CompanyProfile, today: date) -> InvoiceReport:
    return check_invoice_draft(
        draft,
        currency=profile.currency,
        today=today,
        default_terms=profile.payment_terms_days,
        reminder_days=profile.reminder_days,
    )


def invoice_errors(report: InvoiceReport) -> dict[str, str]:
    errors = {f'invoice.{key}': message for key, message in report.errors.items()}
    for index, problems in report.line_errors.items():
        errors.update({f'invoice.lines.{index}.{key}': message for key, message in problems.items()})
    return errors


def invoice_choices(report: InvoiceReport) -> dict[str, tuple[Choice, ...]]:
    """The readings of ambiguous numbers, keyed like `invoice_errors`."""
    return {
        f'invoice.lines.{index}.{key}': options
        for index, fields in report.line_choices.items()
        for key, options in fields.items()
    }


async def issue_invoice(
    conn: BaseDBAsyncClient,
    *,
    customer: Customer,
    report: InvoiceReport,
    profile: CompanyProfile,
    kind: InvoiceKind,
    key: str,
    by: Actor,
    now: datetime,
) -> Invoice:
    """Number and store an invoice and queue its email and reminders, all inside the caller's transaction."""
    year = report.issue_date.year
    number = invoice_number(year, await next_value(invoice_counter(year), conn))
    invoice = await Invoice.create(
        number=number,
        customer_id=customer.id,
        kind=kind,
        idempotency_key=key,
        issue_date=report.issue_date,
        due_date=report.due_date,
        currency=report.currency,
        lines=[line.stored() for line in report.lines],
        vat_breakdown=[amount.stored() for amount in report.vat],
        net_total=report.net_total,
        vat_total=report.vat_total,
        total=report.total,
        message=report.message,
        reminders=report.reminders,
        seller=_seller(profile),
        buyer=_buyer(customer, profile),
        created_by_id=by.id,
        using_db=conn,
    )
    await _queue_emails(conn, invoice, customer, profile, report, now)
    await audit.record('invoice.create', by=by, entity='invoice', entity_id=invoice.id, detail=number, conn=conn)
    return invoice


async def create_invoice(
    *, customer_number: str, draft: InvoiceDraft, request_key: str, by: Actor, clock: Clock = system_clock
) -> tuple[InvoiceView, bool]:
    """Create a regular invoice and send it. `request_key` (one per form) makes a repeated click harmless.

    Returns the invoice and whether this call created it.
    """
    return await _create(customer_number, draft, InvoiceKind.REGULAR, f'invoice:{request_key}', by, clock)


async def send_welcome_invoice(
    *, customer_number: str, draft: InvoiceDraft, by: Actor, another: bool = False, clock: Clock = system_clock
) -> tuple[InvoiceView, bool]:
    """The welcome invoice for an existing customer: only one, unless `another` is explicitly asked for."""
    customer = await _customer(customer_number)
    key = f'welcome:{customer.id}'
    if another:
        count = await Invoice.filter(customer_id=customer.id, kind=InvoiceKind.WELCOME).count()
        key = f'{key}:{count + 1}' if count else key
    return await _create(customer_number, draft, InvoiceKind.WELCOME, key, by, clock)


async def void_invoice(*, invoice_id: int, reason: str, by: Actor, clock: Clock = system_clock) -> InvoiceView:
    """Void an unpaid invoice (admins only) for a stated reason; its pending email and reminders are cancelled.

    The invoice keeps its number (numbers have no gaps) and cannot be un-voided.
    """
    require_admin(by)
    reason = ' '.join(reason.split())
    if not reason:
        raise ValidationFailed({'reason': _('Say why the invoice is void')})
    if len(reason) > VOID_REASON_LENGTH:
        raise ValidationFailed({'reason': _('At most {count} characters').format(count=VOID_REASON_LENGTH)})
    invoice = await Invoice.filter(id=invoice_id).first()
    if invoice is None:
        raise NotFound(_('No such invoice'))
    if invoice.voided_at is not None:
        return await get_invoice(invoice_id, clock=clock)
    if invoice.paid_total > 0:
        raise Conflict(_('An invoice with payments cannot be voided'))
    now = utc(clock())
    async with in_transaction() as conn:
        changed = await (
            Invoice.filter(id=invoice.id, voided_at__isnull=True, paid_total=0)
            .using_db(conn)
            .update(voided_at=now, void_reason=reason)
        )
        if not changed:
            raise Conflict(_('The invoice changed meanwhile; please look again'))
        await cancel_pending_reminders(invoice.id, conn, 'Invoice voided')
        await (
            OutboxMessage.filter(invoice_id=invoice.id, status=MessageStatus.PENDING)
            .using_db(conn)
            .update(status=MessageStatus.CANCELLED, last_error='Invoice voided')
        )
        await audit.record(
            'invoice.void', by=by, entity='invoice', entity_id=invoice.id, detail=invoice.number, new=reason, conn=conn
        )
    invoices_changed.publish(InvoicesChanged(invoice.customer_id))
    outbox_changed.publish(OutboxChanged())
    return await get_invoice(invoice_id, clock=clock)


async def peek_invoice_number(today: date) -> str:
    """The number the next invoice would get (for previews; the real one is assigned on save)."""
    counter = await Counter.filter(name=invoice_counter(today.year)).first()
    return invoice_number(today.year, (counter.value if counter else 0) + 1)


async def _create(
    customer_number: str, draft: InvoiceDraft, kind: InvoiceKind, key: str, by: Actor, clock: Clock
) -> tuple[InvoiceView, bool]:
    existing = await Invoice.filter(idempotency_key=key).first()
    if existing is not None:
        return await get_invoice(existing.id, clock=clock), False
    customer = await _customer(customer_number)
    report, profile = await prepare_invoice(draft, customer_email=customer.email, clock=clock)
    try:
        async with in_transaction() as conn:
            invoice = await issue_invoice(
                conn, customer=customer, report=report, profile=profile, kind=kind, key=key, by=by, now=clock()
            )
    except IntegrityError:
        existing = await Invoice.filter(idempotency_key=key).first()
        if existing is None:
            raise
        return await get_invoice(existing.id, clock=clock), False
    invoices_changed.publish(InvoicesChanged(customer.id))
    outbox_changed.publish(OutboxChanged())
    return await get_invoice(invoice.id, clock=clock), True


async def _customer(number: str) -> Customer:
    customer = await Customer.filter(number=number).first()
    if customer is None:
        raise NotFound(_('No customer {number}').format(number=number))
    return customer


async def _queue_emails(
    conn: BaseDBAsyncClient,
    invoice: Invoice,
    customer: Customer,
    profile: CompanyProfile,
    report: InvoiceReport,
    now: datetime,
) -> None:
    sender = sender_header(profile.sender_name or profile.display_name, profile.sender_email)
    # Written in the customer's language, whatever the language of the user who issues it.
    with language(customer_language(customer, profile)) as code:
        facts = email_facts(invoice, format_money(report.total, report.currency))
        welcome = invoice.kind == InvoiceKind.WELCOME
        subject, body = profile.welcome_text(code) if welcome else (_(INVOICE_SUBJECT), _(INVOICE_BODY))
        content = invoice_email(
            facts, subject_template=subject, body_template=personal_message(report, profile) or body
        )
        reminder = invoice_email(facts, subject_template=_(REMINDER_SUBJECT), body_template=_(REMINDER_BODY))
    await enqueue(
        conn,
        kind=MessageKind.INVOICE,
        key=f'invoice:{invoice.id}:email',
        invoice_id=invoice.id,
        sender=sender,
        recipient=customer.email,
        content=content,
        message_id=message_id(f'invoice-{invoice.number}.{invoice.kind.value}', profile.sender_email),
        not_before=now,
        attach_invoice=True,
    )
    if not report.reminders:
        return
    business = zone(profile.time_zone)
    for day in sorted(set(profile.reminder_days)):
        # 09:00 on the wall clock of that day in the company's zone, with that day's UTC offset (DST changes).
        scheduled = datetime.combine(report.due_date + timedelta(days=day), REMINDER_TIME, tzinfo=business)
        if scheduled < now:
            continue  # already past when the invoice is issued: no reminder for a day that is over
        await enqueue(
            conn,
            kind=MessageKind.REMINDER,
            key=f'invoice:{invoice.id}:reminder:{day}',
            invoice_id=invoice.id,
            sender=sender,
            recipient=customer.email,
            content=reminder,
            message_id=message_id(f'invoice-{invoice.number}.reminder-{day}', profile.sender_email),
            not_before=scheduled,
            attach_invoice=True,
            reminder_day=day,
        )


def _seller(profile: CompanyProfile) -> dict[str, Any]:
    return {
        'name': profile.display_name,
        'address': profile.address,
        'tax_id': profile.tax_id,
        'email': profile.sender_email,
        'brand_colour': profile.brand_colour,
        'payment_instructions': profile.payment_instructions,
        'logo_sha256': profile.logo_sha256,
    }


def personal_message(report: InvoiceReport, profile: CompanyProfile) -> str:
    """The invoice's own message, or '' when it is the company's welcome text unchanged (the form starts with it):
    then the customer gets the company's text in their language."""
    message = report.message.strip()
    return '' if message in (profile.welcome_body.strip(), DEFAULT_WELCOME_BODY.strip()) else report.message


def customer_language(customer: Customer, profile: CompanyProfile) -> str:
    """The language a customer receives invoices, emails and reminders in: their own, else the company's."""
    return supported_language(customer.language or profile.language)


def _buyer(customer: Customer, profile: CompanyProfile) -> dict[str, Any]:
    """The customer as the invoice prints them, with the language it is written in (`language`).

    The country is kept as its ISO code, which the PDF names in the document's language when it is printed;
    `country_name` is that name at issue time, in the invoice's language (not the issuing user's).
    """
    written_in = customer_language(customer, profile)
    with language(written_in):
        named = country_name(customer.country)
    return {
        'language': written_in,
        'number': customer.number,
        'name': customer.name,
        'contact_person': customer.contact_person,
        'email': customer.email,
        'phone': format_phone(customer.phone),
        'street': customer.street,
        'postal_code': customer.postal_code,
        'city': customer.city,
        'country': customer.country,
        'country_name': named,
        'tax_id': format_tax_id(customer.tax_id, customer.country, customer.kind.value, customer.tax_id_scheme),
    }
