"""Settings -> Audit log as an admin reads it: entries say which customer, by the number people use, once."""

from __future__ import annotations

import re
from datetime import date

from nicegui.testing import User

from models import AuditEntry, PaymentMethod
from services.core.actors import SYSTEM
from services.customers.merge import merge_customers
from services.customers.privacy.data_export import export_customer
from services.customers.registration import create_customer
from services.invoicing.catalogue import ProductDraft, archive_product, create_product
from services.invoicing.invoices import create_invoice, void_invoice
from services.invoicing.payments import record_payment
from tests.factories import set_up_company, spanish_draft, welcome_draft
from tests.ui.helpers import eventually, sign_in
from ui.common.server_table import ServerTable


async def test_the_log_names_the_customer_by_its_number(user: User) -> None:
    view = await create_customer(by=SYSTEM, draft=spanish_draft(name='Ana García'))
    await sign_in(user)
    await user.open('/settings/audit')
    await user.should_see(marker='audit-table', retries=20)
    rows = user.find(marker='audit-table').elements.pop().rows  # type: ignore[attr-defined]
    registered = next(row for row in rows if row['action'] == 'Customer registered')
    assert registered['target'].startswith(f'Customer {view.number}')
    assert list(rows[0]) == ['id', 'at', 'actor_name', 'action', 'target', 'change', 'client_address']


async def test_every_entry_names_what_it_is_about_once(user: User) -> None:
    await set_up_company()
    first = await create_customer(by=SYSTEM, draft=spanish_draft(name='Ana García'))
    second = await create_customer(by=SYSTEM, draft=spanish_draft(name='Ana Garcia', email='ana@other.es', tax_id=''))
    invoice, _ = await create_invoice(
        customer_number=first.number, draft=welcome_draft(), request_key='audit', by=SYSTEM
    )
    await record_payment(
        invoice_id=invoice.id, amount='10', paid_on=date(2026, 1, 2), method=PaymentMethod.CASH, by=SYSTEM
    )
    other, _ = await create_invoice(
        customer_number=first.number, draft=welcome_draft(), request_key='audit-2', by=SYSTEM
    )
    await void_invoice(invoice_id=other.id, reason='Typo', by=SYSTEM)
    product = await create_product(draft=ProductDraft(name='Setup', unit_price='10'), by=SYSTEM)
    await archive_product(product_id=product.id, by=SYSTEM)
    await export_customer(first.id, by=SYSTEM)
    await merge_customers(first.id, second.id, versions=(first.version, second.version), by=SYSTEM)
    await sign_in(user)
    await user.open('/settings/audit')
    await user.should_see(marker='audit-table', retries=20)
    rows = user.find(marker='audit-table').elements.pop().rows  # type: ignore[attr-defined]
    on = {(row['action'], row['target']) for row in rows}
    assert ('Customer registered', f'Customer {first.number}') in on
    assert ('Data exported', f'Customer {first.number}') in on
    assert ('Invoice created', f'Invoice {invoice.number}') in on
    assert ('Invoice voided', f'Invoice {other.number}') in on
    assert ('Product added', 'Product Setup') in on
    assert ('Product removed', 'Product Setup') in on
    for row in rows:
        names = re.findall(r'C-\d{5}|\d{4}-\d{4}|Setup', row['target'])
        assert len(names) == len(set(names)), f'{row["action"]}: {row["target"]!r} repeats a name'
    assert {row['action'] for row in rows} >= {'Payment recorded', 'Customers merged', 'Merged into another customer'}


async def test_the_pager_asks_for_pages_and_sizes_and_old_requests_are_passed_over(user: User) -> None:
    for number in range(60):
        await AuditEntry.create(actor_name='x', action='login.success', detail=f'entry {number}')
    await sign_in(user)
    await user.open('/settings/audit')
    await user.should_see(marker='audit-table', retries=20)
    table = user.find(marker='audit-table').elements.pop()
    assert isinstance(table, ServerTable)
    assert (table.pagination['rowsNumber'], len(table.rows)) == (60, 50)
    table_element = user.find(marker='audit-table')
    table_element.trigger('request', {'pagination': {'page': 3, 'rowsPerPage': 25}, 'seq': 2})
    await eventually(lambda: table.props['answered'] == 2)
    assert (table.pagination['page'], table.pagination['rowsPerPage'], len(table.rows)) == (3, 25, 10)
    table_element.trigger('request', {'pagination': {'page': 1, 'rowsPerPage': 100}, 'seq': 1})  # older: passed over
    table_element.trigger('request', {'pagination': {'page': 'x', 'rowsPerPage': 7}, 'seq': 3})  # page 1, same size
    await eventually(lambda: table.props['answered'] == 3)
    assert (table.pagination['page'], table.pagination['rowsPerPage'], len(table.rows)) == (1, 25, 25)
