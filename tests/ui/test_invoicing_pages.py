"""Invoices & payments on the profile, the Invoices page, Products & Services and Settings -> Company."""

import pytest
from nicegui import ui
from nicegui.testing import User

from services.core.actors import SYSTEM
from services.core.i18n import language
from services.customers.registration import create_customer
from services.invoicing.catalogue import ProductDraft, create_product, list_products
from services.invoicing.company_profile import get_company_profile
from services.invoicing.views import customer_invoices
from tests.factories import spanish_draft, welcome_draft
from tests.ui.helpers import eventually, sign_in
from ui.pages.invoices import invoice_count


async def test_recording_a_payment_on_the_profile_marks_the_invoice_paid(user: User) -> None:
    await sign_in(user)
    await user.open('/customers')
    customer = await create_customer(by=SYSTEM, draft=spanish_draft(), welcome=welcome_draft())
    await user.open(f'/customers/{customer.number}')
    await user.should_see(marker='invoice-2026-0001', retries=20)
    await user.should_see('€219.98', retries=20)
    user.find(marker='record-payment').click()
    await user.should_see(marker='payment-dialog', retries=20)
    user.find(marker='payment-save').click()
    await user.should_see('Payment recorded; invoice 2026-0001: Paid', retries=20)
    await eventually(lambda: any(b.text == 'Paid' for b in user.find(marker='invoice-status').elements))
    overview = await customer_invoices(customer.number)
    assert (overview.paid, overview.outstanding) == (overview.invoiced, 0)


async def test_a_welcome_invoice_is_sent_later_from_the_profile_once(user: User) -> None:
    await sign_in(user)
    await user.open('/customers')
    customer = await create_customer(by=SYSTEM, draft=spanish_draft())
    await user.open(f'/customers/{customer.number}')
    await user.should_see('Send welcome invoice', retries=20)
    user.find(marker='send-welcome-invoice').click()
    await user.should_see(marker='invoice-dialog', retries=20)
    user.find(marker='invoice-line-0-description').type('Onboarding')
    user.find(marker='invoice-line-0-unit_price').type('50')
    user.find(marker='invoice-send').click()
    await user.should_see('Invoice 2026-0001 created and queued for sending', retries=20)
    await user.should_see('Send another welcome invoice', retries=20)
    assert len((await customer_invoices(customer.number)).invoices) == 1


async def test_the_invoices_page_creates_an_invoice_for_a_picked_customer(user: User) -> None:
    await sign_in(user)
    await user.open('/customers')
    customer = await create_customer(by=SYSTEM, draft=spanish_draft())
    await user.open('/invoices')
    await user.should_see(marker='invoices-table', retries=20)
    user.find(marker='new-invoice').click()
    await user.should_see(marker='invoice-dialog', retries=20)
    picker = user.find(marker='invoice-customer')
    select = next(iter(picker.elements))
    picker.trigger('search', 'peña')  # what the browser sends as the person types
    await eventually(lambda: customer.number in select.options)
    select.set_value(customer.number)
    user.find(marker='invoice-line-0-description').type('Repair')
    user.find(marker='invoice-line-0-unit_price').type('120')
    user.find(marker='invoice-line-0-vat_rate').type('21')
    user.find(marker='invoice-send').click()
    await user.should_see('Invoice 2026-0001 created and queued for sending', retries=20)
    table = user.find(marker='invoices-table').elements.pop()
    await eventually(lambda: [row['number'] for row in table.rows] == ['2026-0001'])
    assert table.rows[0]['total'] == '€145.20'


async def test_an_admin_adds_a_product_and_picks_it_for_a_line(user: User) -> None:
    await sign_in(user)
    await user.open('/products')
    await user.should_see(marker='new-product', retries=20)
    user.find(marker='new-product').click()
    await user.should_see(marker='product-dialog', retries=20)
    user.find(marker='product-name').type('Beratung')
    user.find(marker='product-unit').type('h')
    user.find(marker='product-unit_price').type('90,00')
    user.find(marker='product-vat_rate').type('19')
    user.find(marker='product-save').click()
    await user.should_see('Beratung saved', retries=20)
    [product] = await list_products()
    await user.open('/customers/new')
    await user.should_see(marker='send-welcome', retries=20)
    user.find(marker='send-welcome').click()
    await user.should_see(marker='invoice-line-0-product', retries=20)
    user.find(marker='invoice-line-0-product').elements.pop().set_value(product.id)
    assert user.find(marker='invoice-line-0-unit_price').elements.pop().value == '90.00'
    assert user.find(marker='invoice-line-0-vat_rate').elements.pop().value == '19'


async def test_company_settings_are_saved_and_the_test_email_reports_its_result(user: User) -> None:
    await sign_in(user)
    await user.open('/settings/company')
    await user.should_see(marker='company-profile', retries=20)
    user.find(marker='company-name').type('Bäckerei Müller')
    user.find(marker='company-reminder_days').clear().type('2, 5')
    user.find(marker='company-save').click()
    await user.should_see('Company settings saved', retries=20)
    profile = await get_company_profile()
    assert (profile.name, profile.reminder_days) == ('Bäckerei Müller', [2, 5])
    user.find(marker='test-recipient').type('owner@example.com')
    user.find(marker='test-send').click()
    await user.should_see('✔ Sent: the development mailbox (see Mailbox) accepted the test email.', retries=30)


async def test_a_bad_catalogue_price_is_shown_under_the_field(user: User) -> None:
    await sign_in(user)
    await create_product(draft=ProductDraft(name='Setup', unit_price='10'), by=SYSTEM)
    await user.open('/products')
    await user.should_see(kind=ui.table, retries=20)
    user.find(marker='new-product').click()
    await user.should_see(marker='product-dialog', retries=20)
    user.find(marker='product-unit_price').type('ten')
    user.find(marker='product-save').click()
    await eventually(lambda: user.find(marker='product-unit_price').elements.pop().error is not None)


@pytest.mark.parametrize(
    ('code', 'shown'),
    [
        ('es', ['1 factura', '1.120 facturas', '12.345 facturas']),
        ('ko', ['청구서 1건', '청구서 1,120건', '청구서 12,345건']),
    ],
)
def test_the_invoices_page_counts_in_the_users_locale(code: str, shown: list[str]) -> None:
    with language(code):
        assert [invoice_count(count) for count in (1, 1120, 12345)] == shown
