"""Every path that takes an amount reads it with the one parser: invoice lines, Products & Services, payments."""

import io
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from models import Invoice, OutboxMessage, PaymentMethod, Product
from services.core.actors import SYSTEM
from services.core.errors import ValidationFailed
from services.customers.registration import create_customer
from services.invoicing.catalogue import ProductDraft, create_product
from services.invoicing.drafts import InvoiceDraft, LineDraft, check_invoice_draft
from services.invoicing.payments import record_payment
from services.pdf.documents import document_for
from services.pdf.invoice_pdf import render_invoice_pdf
from tests.clock import FakeClock
from tests.factories import korean_draft, set_up_company, spanish_draft, welcome_draft


async def test_a_krw_welcome_invoice_of_50_000_plus_10_percent_vat_is_55_000(db: str, clock: FakeClock) -> None:
    await set_up_company(currency='KRW')
    line = LineDraft(description='설치 (Setup)', quantity='1', unit_price='50,000', vat_rate='10')
    customer = await create_customer(by=SYSTEM, draft=korean_draft(), welcome=welcome_draft(lines=[line]), clock=clock)
    invoice = await Invoice.get(customer_id=customer.id)
    assert (invoice.net_total, invoice.vat_total, invoice.total) == (Decimal(50000), Decimal(5000), Decimal(55000))
    assert invoice.lines[0]['unit_price'] == '50000'
    email = await OutboxMessage.filter(invoice_id=invoice.id).order_by('id').first()
    assert email is not None and '₩55,000' in email.body_text
    document = await document_for(invoice)
    assert (document.total, document.lines[0]['net']) == ('55000.000', '50000')


async def test_line_arithmetic_is_stored_as_printed(db: str, clock: FakeClock) -> None:
    line = LineDraft(description='Schrauben', quantity='3', unit_price='1.005', vat_rate='19')
    customer = await create_customer(by=SYSTEM, draft=spanish_draft(), welcome=welcome_draft(lines=[line]), clock=clock)
    invoice = await Invoice.get(customer_id=customer.id)
    assert invoice.lines[0] | {} == {
        'description': 'Schrauben', 'quantity': '3', 'unit': '', 'unit_price': '1.005', 'vat_rate': '19', 'net': '3.02',
    }  # fmt: skip


async def test_an_ambiguous_line_price_is_refused_with_its_readings(db: str, clock: FakeClock) -> None:
    line = LineDraft(description='Setup', quantity='1', unit_price='1,000', vat_rate='19')
    with pytest.raises(ValidationFailed) as failure:
        await create_customer(by=SYSTEM, draft=spanish_draft(), welcome=welcome_draft(lines=[line]), clock=clock)
    key = 'invoice.lines.0.unit_price'
    assert failure.value.errors[key] == '1,000 could be €1,000.00 or €1.00: choose one'
    assert [choice.text for choice in failure.value.choices[key]] == ['1000.00', '1.00']


@pytest.mark.parametrize(
    ('typed', 'stored'),
    [('1,234,567', '1234567'), ('49,90', '49.90'), ('€ 12.5', '12.5'), ('0.0125', '0.0125'), ('1.005', '1.005')],
)
async def test_product_prices_are_read_like_invoice_lines(db: str, typed: str, stored: str) -> None:
    product = await create_product(draft=ProductDraft(name='Bolt', unit_price=typed, vat_rate='19'), by=SYSTEM)
    assert product.unit_price == Decimal(stored)
    assert Decimal((await Product.get(id=product.id)).unit_price) == Decimal(stored)


async def test_an_ambiguous_product_price_is_asked_about(db: str) -> None:
    with pytest.raises(ValidationFailed) as failure:
        await create_product(draft=ProductDraft(name='Bolt', unit_price='2,500'), by=SYSTEM)
    assert [(c.text, c.shown) for c in failure.value.choices['unit_price']] == [
        ('2500.00', '€2,500.00'),
        ('2.50', '€2.50'),
    ]
    await set_up_company(currency='KRW')
    product = await create_product(draft=ProductDraft(name='Bolt', unit_price='2,500'), by=SYSTEM)
    assert product.unit_price == Decimal(2500)  # no minor unit: nothing to ask


async def test_payments_are_read_in_the_invoice_currency(db: str, clock: FakeClock) -> None:
    customer = await create_customer(by=SYSTEM, draft=spanish_draft(), welcome=welcome_draft(), clock=clock)
    invoice = await Invoice.get(customer_id=customer.id)  # €219.98

    async def pay(amount: str) -> None:
        await record_payment(
            invoice_id=invoice.id, amount=amount, paid_on=clock().date(), method=PaymentMethod.CASH, by=SYSTEM,
            clock=clock,
        )  # fmt: skip

    with pytest.raises(ValidationFailed) as ambiguous:
        await pay('1,000')
    assert [choice.shown for choice in ambiguous.value.choices['amount']] == ['€1,000.00', '€1.00']
    with pytest.raises(ValidationFailed) as cents:
        await pay('12.345')
    assert cents.value.errors == {'amount': 'EUR amounts have at most 2 decimals'}
    await pay('19,98')
    assert (await Invoice.get(id=invoice.id)).paid_total == Decimal('19.98')


async def test_a_three_decimal_sales_tax_rate_is_kept_on_the_invoice_and_its_pdf(db: str, clock: FakeClock) -> None:
    await set_up_company(currency='USD')
    line = LineDraft(description='Consulting', quantity='1', unit_price='200', vat_rate='8.875')  # New York City
    customer = await create_customer(by=SYSTEM, draft=spanish_draft(), welcome=welcome_draft(lines=[line]), clock=clock)
    invoice = await Invoice.get(customer_id=customer.id)
    assert (invoice.lines[0]['vat_rate'], invoice.vat_breakdown[0]['rate']) == ('8.875', '8.875')
    assert (invoice.vat_total, invoice.total) == (Decimal('17.75'), Decimal('217.75'))
    text = ''.join(
        p.extract_text() for p in PdfReader(io.BytesIO(render_invoice_pdf(await document_for(invoice)))).pages
    )
    assert 'VAT 8.875% on $200.00' in text


@pytest.mark.parametrize('typed', ['8.875', '10.25', '0', '100', '7,125'])
async def test_rates_take_up_to_three_decimals_in_products_and_lines(db: str, typed: str) -> None:
    product = await create_product(draft=ProductDraft(name='Bolt', unit_price='1', vat_rate=typed), by=SYSTEM)
    expected = Decimal(typed.replace(',', '.'))
    assert product.vat_rate == expected
    assert Decimal((await Product.get(id=product.id)).vat_rate) == expected  # the column keeps all three
    report = check_invoice_draft(
        InvoiceDraft(lines=[LineDraft(description='Bolt', quantity='1', unit_price='1', vat_rate=typed)]),
        currency='USD', today=date(2026, 3, 2), default_terms=14, reminder_days=[],
    )  # fmt: skip
    assert report.lines[0].vat_rate == expected


RATE_RULE = 'A rate in percent from 0 to 100, with at most 3 decimals, e.g. 8.875'


@pytest.mark.parametrize('typed', ['8.8755', '100.5', '-1', 'seven'])
async def test_a_wrong_rate_gets_the_same_exact_rule_everywhere(db: str, typed: str) -> None:
    with pytest.raises(ValidationFailed) as failure:
        await create_product(draft=ProductDraft(name='Bolt', unit_price='1', vat_rate=typed), by=SYSTEM)
    assert failure.value.errors == {'vat_rate': RATE_RULE}
    report = check_invoice_draft(
        InvoiceDraft(lines=[LineDraft(description='Bolt', quantity='1', unit_price='1', vat_rate=typed)]),
        currency='USD', today=date(2026, 3, 2), default_terms=14, reminder_days=[],
    )  # fmt: skip
    assert report.line_errors == {0: {'vat_rate': RATE_RULE}}
