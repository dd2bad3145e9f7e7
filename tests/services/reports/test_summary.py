"""The report sums kept by the database (migration 0020) never disagree with the invoices: after issuing, paying in
full and in part, voiding, erasing and merging customers, re-categorising (add, remove, delete a category), importing
and hand-written SQL, `report_day` equals the same sums worked out here in Python from invoice, payment and
customer_category alone. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from tortoise import Tortoise

from models import Category, Customer, Invoice, PaymentMethod
from services.core.actors import SYSTEM
from services.customers.edit.bulk import add_category, remove_category
from services.customers.edit.entry_points import update_customer_field
from services.customers.merge import merge_customers
from services.customers.privacy.erasure import erase_customer
from services.customers.registration import create_customer
from services.customers.transfer.preview import ImportOptions
from services.customers.transfer.reading import read_table
from services.customers.transfer.run import rejected_csv, run_import
from services.customers.views import get_customer
from services.invoicing.invoices import create_invoice, void_invoice
from services.invoicing.payments import record_payment
from tests.clock import FakeClock
from tests.factories import korean_draft, spanish_draft, welcome_draft
from tests.services.customers.test_category_counts import assert_counts_agree

SUMS = ('invoices', 'net', 'gross', 'paid', 'unpaid', 'settled', 'settle_days', 'received', 'closed', 'closed_gross',
        'closed_days', 'due_unpaid', 'issued_customers', 'paid_customers', 'registered')  # fmt: skip
Key = tuple[str, int, str]  # (day, category_id: 0 none, -1 every invoice once, currency)


async def _rows(sql: str) -> list[dict[str, Any]]:
    _, rows = await Tortoise.get_connection('default').execute_query(sql)
    return [dict(row) for row in rows]


def _units(value: Any) -> int:
    return int((Decimal(str(value)) * 1000).to_integral_value())


def _day(value: Any) -> str:
    return str(value)[:10]


async def expected_sums() -> dict[Key, tuple[int, ...]]:
    """The sums worked out from the invoices, payments and links (the rules of the migration's docstring)."""
    links: defaultdict[int, list[int]] = defaultdict(list)
    for row in await _rows('SELECT customer_id, category_id FROM customer_category'):
        links[int(row['customer_id'])].append(int(row['category_id']))
    payments: defaultdict[int, list[tuple[str, int]]] = defaultdict(list)
    for row in await _rows('SELECT invoice_id, paid_on, amount FROM payment'):
        payments[int(row['invoice_id'])].append((_day(row['paid_on']), _units(row['amount'])))
    sums: defaultdict[Key, list[int]] = defaultdict(lambda: [0] * len(SUMS))

    def add(day: str, customer: int, currency: str, **values: int) -> None:
        for category in [*(links[customer] or [0]), -1]:
            entry = sums[(day, category, currency)]
            for name, value in values.items():
                entry[SUMS.index(name)] += value

    latest_issue: dict[tuple[int, str], str] = {}
    latest_payment: dict[tuple[int, str], str] = {}
    invoices = await _rows(
        'SELECT id, customer_id, currency, issue_date, due_date, net_total, total, paid_total FROM invoice'
        ' WHERE voided_at IS NULL'
    )
    for row in invoices:
        customer, currency, issued = int(row['customer_id']), str(row['currency']), _day(row['issue_date'])
        gross, paid = _units(row['total']), _units(row['paid_total'])
        mine = payments[int(row['id'])]
        settled_on = max(day for day, _ in mine) if mine and paid >= gross else None
        days = (date.fromisoformat(settled_on) - date.fromisoformat(issued)).days if settled_on else 0
        add(
            issued, customer, currency, invoices=1, net=_units(row['net_total']), gross=gross, paid=paid,
            unpaid=max(gross - paid, 0), settled=1 if settled_on else 0, settle_days=days,
        )  # fmt: skip
        if gross > paid:
            add(_day(row['due_date']), customer, currency, due_unpaid=gross - paid)
        if settled_on:
            add(settled_on, customer, currency, closed=1, closed_gross=gross, closed_days=days)
        for day, amount in mine:
            add(day, customer, currency, received=amount)
        last = (customer, currency)
        latest_issue[last] = max(latest_issue.get(last, issued), issued)
        if mine:
            latest_payment[last] = max(latest_payment.get(last, ''), *(day for day, _ in mine))
    # A customer counts once per currency, on the day of its last invoice and of its last payment.
    for (customer, currency), day in latest_issue.items():
        add(day, customer, currency, issued_customers=1)
    for (customer, currency), day in latest_payment.items():
        add(day, customer, currency, paid_customers=1)
    # Every customer once under currency '', on the UTC day of its registration.
    for customer in await Customer.all():
        add(customer.created_at.astimezone(UTC).date().isoformat(), customer.id, '', registered=1)
    return {key: tuple(values) for key, values in sums.items() if any(values)}


async def kept_sums() -> dict[Key, tuple[int, ...]]:
    rows = await _rows(f'SELECT day, category_id, currency, {", ".join(SUMS)} FROM report_day')
    kept = {
        (_day(row['day']), int(row['category_id']), str(row['currency'])): tuple(int(row[name]) for name in SUMS)
        for row in rows
    }
    return {key: values for key, values in kept.items() if any(values)}


async def assert_sums_agree() -> None:
    expected, kept = await expected_sums(), await kept_sums()
    assert kept == expected, {key: (kept.get(key), expected.get(key)) for key in set(kept) | set(expected)
                              if kept.get(key) != expected.get(key)}  # fmt: skip


async def invoice(number: str, key: str, clock: FakeClock) -> int:
    view, _ = await create_invoice(
        customer_number=number, draft=welcome_draft(), request_key=key, by=SYSTEM, clock=clock
    )
    return view.id


async def pay(invoice_id: int, amount: str, day: date, clock: FakeClock) -> None:
    await record_payment(
        invoice_id=invoice_id, amount=amount, paid_on=day, method=PaymentMethod.CASH, by=SYSTEM, clock=clock
    )


async def test_sums_follow_invoices_payments_customers_and_categories(db: str, clock: FakeClock) -> None:
    first = await create_customer(by=SYSTEM, draft=spanish_draft(categories=['VIP', 'Wholesale']))
    second = await create_customer(
        by=SYSTEM,
        draft=spanish_draft(name='Ferretería Ruiz', email='ruiz@ferreteria.es', phone='622 11 22 33', tax_id=''),
    )
    third = await create_customer(by=SYSTEM, draft=korean_draft(categories=['Partner']))
    await assert_sums_agree()

    # Issue: welcome_draft is 185.40 net, 219.98 gross.
    a = await invoice(first.number, 'a', clock)
    b = await invoice(second.number, 'b', clock)
    c = await invoice(third.number, 'c', clock)
    d = await invoice(first.number, 'd', clock)
    await assert_sums_agree()
    issued = await kept_sums()
    today = clock().date().isoformat()
    assert issued[(today, -1, 'EUR')][:3] == (4, 4 * 185_400, 4 * 219_980)
    assert issued[(today, 0, 'EUR')][:1] == (1,)  # the second customer has no category

    # Pay in full, in part, then the rest on a later day; void an unpaid invoice.
    await pay(a, '219.98', date(2026, 3, 2), clock)
    await pay(b, '100', date(2026, 3, 1), clock)
    await assert_sums_agree()
    clock.advance(days=5)
    await pay(b, '119.98', date(2026, 3, 6), clock)
    await void_invoice(invoice_id=d, reason='Issued twice', by=SYSTEM, clock=clock)
    await assert_sums_agree()
    assert (await kept_sums())[('2026-03-06', 0, 'EUR')][SUMS.index('closed_days')] == 4  # issued 03-02, settled 03-06

    # Re-categorise: add and remove a category in bulk, edit in the cell, delete a category.
    await add_category([second.id, third.id], 'VIP', by=SYSTEM)
    await assert_sums_agree()
    vip = await Category.get(name='VIP')
    await remove_category([first.id], vip.id, by=SYSTEM)
    await assert_sums_agree()
    view = await get_customer(third.number)
    await update_customer_field(third.id, 'categories', ['Export'], view.version, SYSTEM)
    await assert_sums_agree()
    await Category.filter(name='Wholesale').delete()
    await assert_sums_agree()

    # Erase a customer (its invoices still count) and merge two customers (the invoices move to the survivor).
    await erase_customer(third.id, confirmation=third.number, by=SYSTEM)
    await assert_sums_agree()
    survivor, merged = await get_customer(first.number), await get_customer(second.number)
    await merge_customers(survivor.id, merged.id, versions=(survivor.version, merged.version), by=SYSTEM)
    await assert_sums_agree()
    assert c  # the erased customer's invoice is still summed (checked by the comparison above)


async def test_sums_follow_imports_and_hand_written_sql(db: str, clock: FakeClock) -> None:
    customer = await create_customer(by=SYSTEM, draft=spanish_draft())
    paid = await invoice(customer.number, 'a', clock)
    await pay(paid, '50', date(2026, 3, 2), clock)
    await invoice(customer.number, 'b', clock)

    # An import (matched by email) that gives both customers categories.
    second = await create_customer(by=SYSTEM, draft=korean_draft())
    await invoice(second.number, 'c', clock)
    text = (
        'Name,Email,Categories\r\n'
        'Talleres Peña S.L.,jose@pena.es,Retail;North\r\n'
        '김민준,minjun.kim@example.kr,Retail\r\n'
    )
    table = read_table(text.encode(), 'clientes.csv', max_bytes=1 << 20)
    options = ImportOptions(
        mapping=['name', 'email', 'categories'], match_key='email', mode='fill', default_country='ES'
    )
    batch = await run_import(table, options, by=SYSTEM, name='clientes.csv', progress=lambda done, total: None)
    assert (batch.updated, batch.rejected_count) == (2, 0), rejected_csv(table.headers, batch)
    assert len(await (await Customer.get(id=customer.id)).categories.all()) == 2
    await assert_sums_agree()

    # Hand-written SQL: amounts, dates, currency, owner, payments and links changed behind the services' backs.
    conn = Tortoise.get_connection('default')
    other = second.id
    await conn.execute_script(
        f"UPDATE invoice SET total = '300', net_total = '250', due_date = issue_date WHERE id = {paid}"
    )
    await assert_sums_agree()
    await conn.execute_script(f"UPDATE payment SET paid_on = '2026-02-27', amount = '300' WHERE invoice_id = {paid}")
    await conn.execute_script(f"UPDATE invoice SET paid_total = '300' WHERE id = {paid}")
    await assert_sums_agree()
    await conn.execute_script(f"UPDATE invoice SET customer_id = {other}, currency = 'USD' WHERE id = {paid}")
    await assert_sums_agree()
    await conn.execute_script(f'DELETE FROM payment WHERE invoice_id = {paid}')
    await conn.execute_script(f"UPDATE invoice SET issue_date = '2025-12-31' WHERE id = {paid}")
    await assert_sums_agree()
    await conn.execute_script(f'DELETE FROM customer_category WHERE customer_id = {customer.id}')
    await conn.execute_script(f'UPDATE customer_category SET customer_id = {customer.id} WHERE customer_id = {other}')
    await assert_sums_agree()
    assert (await Invoice.get(id=paid)).customer_id == other
    # Registration days moved (as seed-demo does) and a customer without invoices deleted.
    await Customer.filter(id=other).update(created_at=datetime(2025, 7, 31, 23, 30, tzinfo=UTC))
    await assert_sums_agree()
    gone = await create_customer(
        by=SYSTEM,
        draft=korean_draft(name='이서연', email='gone@example.kr', phone='010-5555-6666', categories=['Retail']),
    )
    await assert_sums_agree()
    await Customer.filter(id=gone.id).delete()
    await assert_sums_agree()


async def test_sums_follow_statements_of_many_rows(db: str, clock: FakeClock) -> None:
    """An import inserts its new customers and their links with one statement each (PostgreSQL sums them per
    statement, migration 0023); a hand-written statement links several customers at once, one of them moving out of
    "No category" with its invoices."""
    earlier = await create_customer(by=SYSTEM, draft=spanish_draft(categories=['Retail']))
    text = (
        'Name,Email,Phone,Street,Postal code,City,Categories\r\n'
        'Ferretería Ruiz S.L.,ruiz@ferreteria.es,622 11 22 33,Calle Feria 3,41003,Sevilla,Retail;North\r\n'
        'Lee Seo-yeon,sy@example.kr,622 11 22 34,Calle Mayor 1,28013,Madrid,\r\n'
        'Panadería Sol,sol@panaderia.es,622 11 22 35,Calle Ancha 9,11001,Cádiz,North\r\n'
        'Kim Min-jun,minjun@example.kr,622 11 22 36,Gran Vía 2,28013,Madrid,Retail\r\n'
    )
    table = read_table(text.encode(), 'nuevos.csv', max_bytes=1 << 20)
    mapping = ['name', 'email', 'phone', 'street', 'postal_code', 'city', 'categories']
    options = ImportOptions(mapping=mapping, match_key='email', default_country='ES')
    batch = await run_import(table, options, by=SYSTEM, name='nuevos.csv')
    assert (batch.created, batch.rejected_count) == (4, 0), rejected_csv(table.headers, batch)
    await assert_sums_agree()
    await assert_counts_agree()
    kept = await kept_sums()
    today = (await Customer.get(email='sy@example.kr')).created_at.astimezone(UTC).date().isoformat()
    registered = SUMS.index('registered')
    assert kept[(today, -1, '')][registered] == 5
    assert kept[(today, 0, '')][registered] == 1  # Lee Seo-yeon has no category

    lee = await Customer.get(email='sy@example.kr')
    await invoice(lee.number, 'lee', clock)
    await invoice(earlier.number, 'earlier', clock)
    north, export = (
        await Category.get(name='North'),
        await Category.create(name='Export', name_key='export', colour='#336699'),
    )
    await Tortoise.get_connection('default').execute_script(
        'INSERT INTO customer_category (customer_id, category_id) VALUES '
        f'({lee.id}, {north.id}), ({lee.id}, {export.id}), ({earlier.id}, {export.id})'
    )
    await assert_sums_agree()
    await assert_counts_agree()
    assert (await kept_sums()).get((today, 0, '')) is None  # nobody left in "No category"
