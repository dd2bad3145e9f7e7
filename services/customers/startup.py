"""What the customers package prepares when the database opens: the in-memory name index and missing derived columns."""

from __future__ import annotations

import logging

from models import Customer
from services.core.values.validation import email_key
from services.customers.duplicates import name_index
from services.customers.list.search_index import index_missing_customers

log = logging.getLogger(__name__)
BATCH = 1000


async def prepare_customers() -> None:
    """Forget any name index of an earlier database, then fill what rows stored before a derived column lack."""
    name_index.reset()
    await fill_email_keys()
    await index_missing_customers()


async def fill_email_keys() -> int:
    """The duplicate key of emails stored before it existed (derived from the email; the email is not changed)."""
    done = 0
    while customers := await Customer.filter(email_key='').exclude(email='').order_by('id').limit(BATCH):
        for customer in customers:
            customer.email_key = email_key(customer.email)
        await Customer.bulk_update(customers, fields=['email_key'])
        done += len(customers)
    if done:
        log.info('filled the duplicate key of %d email addresses', done)
    return done
