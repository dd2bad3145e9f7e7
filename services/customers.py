"""Use cases for customers: register and read one. The list lives in customer_list.py."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from tortoise.transactions import in_transaction

from models import Customer, CustomerKind, Note, TaxIdStatus

from . import audit
from .actors import Actor
from .categories import CategoryView, ensure_categories
from .company import get_company_settings
from .countries import country_name
from .customer_list import get_rows
from .drafts import CustomerDraft, DraftReport, check_draft
from .duplicates import find_duplicates
from .errors import DuplicateFound, NotFound, ValidationFailed
from .events import CustomerChanged, customer_changed
from .numbering import customer_number, next_value
from .search_index import search_text_of
from .search_keys import category_sort_key
from .validation import Status, format_phone, name_key


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


async def check_customer_draft(draft: CustomerDraft) -> DraftReport:
    settings = await get_company_settings()
    return check_draft(draft, settings.required)


async def create_customer(*, draft: CustomerDraft, by: Actor, confirmed_duplicates: Iterable[int] = ()) -> CustomerView:
    """Register a customer in one short transaction.

    Raises:
        ValidationFailed: a field is invalid or a required one is empty.
        DuplicateFound: a customer with the same email or tax ID exists and its id is not in `confirmed_duplicates`.
    """
    report = await check_customer_draft(draft)
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
        await audit.record('customer.create', by=by, entity='customer', entity_id=customer.id, detail=number, conn=conn)
    rows = await get_rows([customer.id])
    customer_changed.publish(CustomerChanged(customer.id, number, 'created', row=rows[0] if rows else None))
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
