"""Keeping the denormalised list columns of customers (search text, category sort key) filled in."""

from __future__ import annotations

import logging

from models import Category, Customer
from services.customers.list.search_keys import category_sort_key, customer_search_text

log = logging.getLogger(__name__)
BATCH = 1000


def search_text_of(customer: Customer) -> str:
    return customer_search_text(
        number=customer.number,
        name=customer.name,
        contact_person=customer.contact_person,
        email=customer.email,
        phone=customer.phone,
        tax_id=customer.tax_id,
        country=customer.country,
        city=customer.city,
        postal_code=customer.postal_code,
    )


async def index_missing_customers() -> int:
    """Fill the list columns of customers that have none yet (rows written before they existed); returns the count.

    A filled search text is never empty (it always holds the customer number), so '' means "not indexed yet".
    """
    done = 0
    while customers := await Customer.filter(search_text='').order_by('id').limit(BATCH):
        ids = [customer.id for customer in customers]
        names: dict[int, list[str]] = {}
        for customer_id, name in await Category.filter(customers__id__in=ids).values_list('customers__id', 'name'):
            names.setdefault(customer_id, []).append(name)
        for customer in customers:
            customer.search_text = search_text_of(customer)
            customer.category_sort = category_sort_key(names.get(customer.id, []))
        await Customer.bulk_update(customers, fields=['search_text', 'category_sort'])
        done += len(customers)
    if done:
        log.info('indexed %d customers for the list', done)
    return done
