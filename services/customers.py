"""Use cases for customers: register. Reading one lives in customer_views.py, the list in customer_list.py."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from tortoise.transactions import in_transaction

from models import Customer, CustomFieldValue, InvoiceKind, Note, TaxIdStatus

from . import audit
from .actors import Actor, require_notes_access
from .categories import ensure_categories
from .clock import Clock, system_clock
from .company import get_company_settings
from .custom_fields import FieldDefinition, list_definitions, stored_columns
from .customer_list import get_rows
from .customer_views import CustomerView, get_customer
from .drafts import CustomerDraft, DraftReport, check_draft
from .duplicates import find_duplicates
from .errors import DuplicateFound, ValidationFailed
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
from .search_index import search_text_of
from .search_keys import category_sort_key
from .validation import Status, name_key


def required_for(required: frozenset[str], by: Actor) -> frozenset[str]:
    """A user without notes access cannot write a note, so for them a note is never required."""
    return required if by.can_view_notes else required - {'note'}


async def check_customer_draft(
    draft: CustomerDraft, by: Actor, definitions: list[FieldDefinition] | None = None
) -> DraftReport:
    """The same check the form runs live, with the company's required fields and the active custom fields."""
    settings = await get_company_settings()
    if definitions is None:
        definitions = await list_definitions()
    return check_draft(draft, required_for(settings.required, by), definitions)


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
    definitions = await list_definitions()
    report = await check_customer_draft(draft, by, definitions)
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
    if report.value('note'):
        require_notes_access(by)
    values = report_values(report)
    matches = await find_duplicates(email=values['email'], tax_id=values['tax_id'])
    unconfirmed = [m for m in matches if m.needs_confirmation and m.customer_id not in set(confirmed_duplicates)]
    if unconfirmed:
        raise DuplicateFound(unconfirmed)
    now = datetime.now(UTC)
    async with in_transaction() as conn:
        number = customer_number(await next_value('customer', conn))
        customer = Customer(
            number=number,
            consent_email_at=now if values['consent_email'] else None,
            consent_phone_at=now if values['consent_phone'] else None,
            created_by_id=by.id,
            updated_by_id=by.id,
            category_sort=category_sort_key(report.value('categories')),
            **values,
        )
        customer.search_text = search_text_of(customer)
        await customer.save(using_db=conn)
        categories = await ensure_categories(report.value('categories'), conn)
        if categories:
            await customer.categories.add(*categories, using_db=conn)
        if report.value('note'):
            await Note.create(customer=customer, author_id=by.id, body=report.value('note'), using_db=conn)
        for definition in definitions:
            check = report.checks[definition.draft_key]
            if check.status != Status.EMPTY:
                await CustomFieldValue.create(
                    customer=customer, definition_id=definition.id, using_db=conn, **stored_columns(definition, check)
                )
        await audit.record('customer.create', by=by, entity='customer', entity_id=customer.id, detail=number, conn=conn)
        if welcome_invoice is not None:
            invoice_report, profile = welcome_invoice
            await issue_invoice(
                conn, customer=customer, report=invoice_report, profile=profile, kind=InvoiceKind.WELCOME,
                key=f'welcome:{customer.id}', by=by, now=clock(),
            )  # fmt: skip
    rows = await get_rows([customer.id])
    customer_changed.publish(CustomerChanged(customer.id, number, 'created', row=rows[0] if rows else None))
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


__all__ = ['CustomerView', 'FieldDefinition', 'create_customer', 'get_customer', 'required_for']
