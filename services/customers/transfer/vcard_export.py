"""vCard 4.0 export (RFC 6350) of selected customers, or of one from the profile.

Each card carries what the profile shows: the name (`KIND:org` for companies, with `ORG`), contact person as `FN`
of a company is not split out), email, phone (as a `tel:` URI), address, categories, and Clientbook's customer number
and tax ID as `X-CLIENTBOOK-NUMBER` / `X-CLIENTBOOK-TAX-ID`, so the file imports back to the same customers.
"""

from __future__ import annotations

from collections.abc import Sequence

from models import Customer, CustomerKind
from services.core import audit
from services.core.actors import Actor
from services.core.values.countries import country_name
from services.customers.categories import category_key
from services.customers.edit.bulk import CHUNK, checked_selection

VCARD_TYPE = 'text/vcard'


def escape(value: str) -> str:
    """A text value escaped as RFC 6350 §3.4 asks (backslash, comma, semicolon, line breaks)."""
    return (
        value.replace('\\', '\\\\').replace(',', '\\,').replace(';', '\\;').replace('\r\n', '\\n').replace('\n', '\\n')
    )


def fold(line: str) -> str:
    """A content line folded at 75 octets (continuations start with a space), never inside a UTF-8 character."""
    out: list[str] = []
    current = ''
    for ch in line:
        limit = 75 if not out else 74
        if len((current + ch).encode()) > limit:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return '\r\n '.join(out)


def card(customer: Customer, categories: Sequence[str]) -> str:
    company = customer.kind == CustomerKind.COMPANY
    lines = ['BEGIN:VCARD', 'VERSION:4.0', f'KIND:{"org" if company else "individual"}', f'FN:{escape(customer.name)}']
    if company:
        lines.append(f'ORG:{escape(customer.name)}')
    else:
        lines.append(f'N:;{escape(customer.name)};;;')
    if customer.email:
        lines.append(f'EMAIL:{escape(customer.email)}')
    if customer.phone:
        lines.append(f'TEL;VALUE=uri:tel:{customer.phone}')
    if customer.street or customer.city or customer.postal_code or customer.country:
        parts = ['', '', customer.street, customer.city, '', customer.postal_code, country_name(customer.country)]
        lines.append(f'ADR;CC={customer.country}:' + ';'.join(escape(part) for part in parts))
    if categories:
        lines.append('CATEGORIES:' + ','.join(escape(name) for name in categories))
    if customer.tax_id:
        lines.append(f'X-CLIENTBOOK-TAX-ID:{escape(customer.tax_id)}')
    lines.append(f'X-CLIENTBOOK-NUMBER:{escape(customer.number)}')
    lines.append('END:VCARD')
    return ''.join(fold(line) + '\r\n' for line in lines)


async def export_customers_vcard(customer_ids: Sequence[int], *, by: Actor) -> bytes:
    """One vCard 4.0 per selected customer, ordered by number; recorded in the audit log."""
    ids = checked_selection(customer_ids)
    customers: list[Customer] = []
    for start in range(0, len(ids), CHUNK):
        customers += await Customer.filter(id__in=ids[start : start + CHUNK]).prefetch_related('categories')
    cards = [
        card(c, sorted((category.name for category in c.categories), key=category_key))
        for c in sorted(customers, key=lambda c: c.number)
    ]
    await audit.record('customer.export', by=by, entity='customer', detail=f'{len(cards)} customers as vCard')
    return ''.join(cards).encode()
