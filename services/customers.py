"""Use cases for customers: register, read, list."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from tortoise.transactions import in_transaction

from models import Customer, CustomerKind, InvoiceKind, Note, TaxIdStatus

from . import audit
from .actors import Actor
from .categories import CategoryView, ensure_categories
from .clock import Clock, system_clock
from .company import get_company_settings
from .countries import country_name
from .drafts import CustomerDraft, DraftReport, check_draft
from .duplicates import find_duplicates
from .errors import DuplicateFound, NotFound, ValidationFailed
from .events import (
    CustomerChanged,
    InvoicesChanged,
    OutboxChanged,
    customer_changed,
    invoices_changed,
    outbox_changed,
)
from .invoice_drafts import InvoiceDraft
from .invoices import issue_invoice, prepare_invoice
from .numbering import customer_number, next_value
from .validation import Status, format_phone, name_key

MAX_PAGE_SIZE = 100


class CustomerView(BaseModel):
    id: int
    number: str
    kind: CustomerKind
    name: str
    contact_person: str
    email: str
    phone: str
    phone_display: str
    street: str
    postal_code: str
    city: str
    country: str
    country_name: str
    tax_id: str
    tax_id_status: TaxIdStatus
    tax_id_scheme: str
    payment_terms_days: int | None
    consent_email: bool
    consent_phone: bool
    categories: list[CategoryView]
    archived: bool
    created_at: datetime


class CustomerRow(BaseModel):
    id: int
    number: str
    name: str
    email: str
    phone: str
    city: str
    country: str
    categories: list[CategoryView]


class CustomerPage(BaseModel):
    rows: list[CustomerRow]
    total: int
    page: int
    per_page: int


async def check_customer_draft(draft: CustomerDraft) -> DraftReport:
    settings = await get_company_settings()
    return check_draft(draft, settings.required)


async def create_customer(
    *,
    draft: CustomerDraft,
    by: Actor,
    confirmed_duplicates: Iterable[int] = (),
    welcome: InvoiceDraft | None = None,
    clock: Clock = system_clock,
) -> CustomerView:
    """Register a customer in one short transaction; with `welcome`, its welcome invoice and emails are part of it.

    Raises:
        ValidationFailed: a field is invalid or a required one is empty (invoice fields have `invoice.` keys).
        DuplicateFound: a customer with the same email or tax ID exists and its id is not in `confirmed_duplicates`.
    """
    report = await check_customer_draft(draft)
    welcome_invoice = None
    if welcome is not None:
        email = report.checks['email']
        try:
            welcome_invoice = await prepare_invoice(
                welcome, customer_email=str(email.value) if email.status == Status.OK else '', clock=clock
            )
        except ValidationFailed as error:
            raise ValidationFailed({**error.errors, **report.errors}) from error
    if not report.can_save:
        raise ValidationFailed(report.errors)
    values = report_values(report)
    matches = await find_duplicates(email=values['email'], tax_id=values['tax_id'])
    unconfirmed = [m for m in matches if m.needs_confirmation and m.customer_id not in set(confirmed_duplicates)]
    if unconfirmed:
        raise DuplicateFound(unconfirmed)
    now = datetime.now(UTC)
    async with in_transaction() as conn:
        number = customer_number(await next_value('customer', conn))
        customer = await Customer.create(
            number=number,
            consent_email_at=now if values['consent_email'] else None,
            consent_phone_at=now if values['consent_phone'] else None,
            created_by_id=by.id,
            updated_by_id=by.id,
            using_db=conn,
            **values,
        )
        categories = await ensure_categories(report.value('categories'), conn)
        if categories:
            await customer.categories.add(*categories, using_db=conn)
        if report.value('note'):
            await Note.create(customer=customer, author_id=by.id, body=report.value('note'), using_db=conn)
        await audit.record('customer.create', by=by, entity='customer', entity_id=customer.id, detail=number, conn=conn)
        if welcome_invoice is not None:
            invoice_report, profile = welcome_invoice
            await issue_invoice(
                conn, customer=customer, report=invoice_report, profile=profile, kind=InvoiceKind.WELCOME,
                key=f'welcome:{customer.id}', by=by, now=clock(),
            )  # fmt: skip
    customer_changed.publish(CustomerChanged(customer.id, number, 'created'))
    if welcome_invoice is not None:
        invoices_changed.publish(InvoicesChanged(customer.id))
        outbox_changed.publish(OutboxChanged())
    return await get_customer(number)


def report_values(report: DraftReport) -> dict[str, Any]:
    """The model fields of a checked draft, normalised."""
    tax = report.checks['tax_id']
    if tax.status == Status.EMPTY:
        tax_status = TaxIdStatus.NONE
    elif tax.status == Status.OK:
        tax_status = TaxIdStatus.VALID
    else:
        tax_status = TaxIdStatus.UNCHECKED
    return {
        'kind': report.value('kind'),
        'name': report.value('name'),
        'name_key': name_key(report.value('name')),
        'contact_person': report.value('contact_person'),
        'email': report.value('email'),
        'phone': report.value('phone'),
        'street': report.value('street'),
        'postal_code': report.value('postal_code'),
        'city': report.value('city'),
        'country': report.value('country'),
        'tax_id': tax.value,
        'tax_id_status': tax_status,
        'tax_id_scheme': tax.detail,
        'payment_terms_days': report.value('payment_terms') or None,
        'consent_email': report.value('consent_email'),
        'consent_phone': report.value('consent_phone'),
    }


async def get_customer(number: str) -> CustomerView:
    customer = await Customer.filter(number=number).prefetch_related('categories').first()
    if customer is None:
        raise NotFound(f'No customer {number}')
    return _view(customer)


async def list_customers(*, page: int = 1, per_page: int = 25) -> CustomerPage:
    """One page of active customers, newest first. Never loads more than `MAX_PAGE_SIZE` rows."""
    per_page = max(1, min(per_page, MAX_PAGE_SIZE))
    query = Customer.filter(archived_at__isnull=True)
    total = await query.count()
    page = max(1, min(page, (total + per_page - 1) // per_page or 1))
    customers = await query.order_by('-id').offset((page - 1) * per_page).limit(per_page).prefetch_related('categories')
    rows = [
        CustomerRow(
            id=c.id,
            number=c.number,
            name=c.name,
            email=c.email,
            phone=format_phone(c.phone),
            city=c.city,
            country=c.country,
            categories=_categories(c),
        )
        for c in customers
    ]
    return CustomerPage(rows=rows, total=total, page=page, per_page=per_page)


def _categories(customer: Customer) -> list[CategoryView]:
    return sorted(
        (CategoryView(id=c.id, name=c.name, colour=c.colour) for c in customer.categories),
        key=lambda c: c.name.casefold(),
    )


def _view(c: Customer) -> CustomerView:
    return CustomerView(
        id=c.id,
        number=c.number,
        kind=c.kind,
        name=c.name,
        contact_person=c.contact_person,
        email=c.email,
        phone=c.phone,
        phone_display=format_phone(c.phone),
        street=c.street,
        postal_code=c.postal_code,
        city=c.city,
        country=c.country,
        country_name=country_name(c.country),
        tax_id=c.tax_id,
        tax_id_status=c.tax_id_status,
        tax_id_scheme=c.tax_id_scheme,
        payment_terms_days=c.payment_terms_days,
        consent_email=c.consent_email,
        consent_phone=c.consent_phone,
        categories=_categories(c),
        archived=c.archived_at is not None,
        created_at=c.created_at,
    )
