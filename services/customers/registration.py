"""Registering a customer: one short transaction with its categories, custom values, note and welcome invoice."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from models import Customer, CustomFieldValue, InvoiceKind, Note
from services.core import audit
from services.core.actors import Actor, require_notes_access
from services.core.clock import Clock, system_clock
from services.core.errors import DuplicateFound, ValidationFailed
from services.core.events import (
    CustomerChanged,
    InvoicesChanged,
    OutboxChanged,
    customer_changed,
    invoices_changed,
    outbox_changed,
)
from services.core.i18n import LANGUAGES
from services.core.numbering import customer_number, next_value
from services.core.values.validation import Status
from services.customers.categories import ensure_categories
from services.customers.custom_fields import FieldDefinition, list_definitions, stored_columns
from services.customers.drafts import CustomerDraft, DraftReport, check_draft, report_values, required_for
from services.customers.duplicates import find_duplicates
from services.customers.list.search_index import search_text_of
from services.customers.list.search_keys import category_sort_key
from services.customers.registration_settings import get_company_settings
from services.customers.views import CustomerView, get_customer
from services.invoicing.drafts import InvoiceDraft
from services.invoicing.invoices import issue_invoice, prepare_invoice


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
            raise ValidationFailed({**error.errors, **report.errors}, choices=error.choices) from error
    if not report.can_save:
        raise ValidationFailed(report.errors)
    if report.value('note'):
        require_notes_access(by)
    values = report_values(report)
    values['language'] = draft.language if draft.language in LANGUAGES else ''
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
    customer_changed.publish(CustomerChanged(customer.id, number, 'created'))
    if welcome_invoice is not None:
        invoices_changed.publish(InvoicesChanged(customer.id))
        outbox_changed.publish(OutboxChanged())
    return await get_customer(number)


__all__ = ['CustomerView', 'FieldDefinition', 'create_customer', 'get_customer', 'required_for']
