"""In a real browser: amounts typed as people type them, and a welcome invoice to an IDN address reaching a real
SMTP server (aiosmtpd on loopback) with the domain as an A-label."""

import pytest
from playwright.async_api import Page, expect

from tests.e2e.conftest import pick_option, sign_in
from tests.mail_server import MailServer

pytestmark = pytest.mark.e2e


async def fill_customer(page: Page, *, email: str, name: str = 'Bücher GmbH') -> None:
    await page.get_by_label('Name *').fill(name)
    await page.get_by_label('Email *').fill(email)
    await pick_option(page, 'Country *', 'Germa', 'Germany')
    await page.get_by_label('Phone *').fill('030 12345678')
    await page.get_by_label('Street *').fill('Hauptstraße 5')
    await page.get_by_label('Postal code *').fill('10115')
    await page.get_by_label('City *').fill('Berlin')


async def test_amounts_are_read_as_typed_and_an_ambiguous_one_is_asked_about(server: str, page: Page) -> None:
    await sign_in(page, server, target='/customers/new')
    await fill_customer(page, email='buchhaltung@example.com')
    await page.get_by_text('Send welcome invoice').click()
    await page.get_by_label('Description').fill('Einrichtung')
    await page.get_by_label('Unit price').fill('1,000')
    summary = page.locator('.q-card', has_text='Summary')
    question = page.get_by_text('1,000 could be €1,000.00 or €1.00: choose one')
    await expect(question).to_be_visible()
    await expect(page.get_by_role('button', name='Save', exact=True)).to_be_disabled()
    await page.get_by_role('button', name='€1,000.00').click()
    await expect(page.get_by_label('Unit price')).to_have_value('1000.00')
    await expect(question).to_be_hidden()
    await expect(summary.get_by_text('€1,000.00', exact=True)).to_be_visible()

    await page.goto(server + '/settings/company')
    await page.get_by_label('Currency (ISO code)').fill('KRW')
    await page.get_by_role('button', name='Save company settings').click()
    await expect(page.get_by_text('Company settings saved')).to_be_visible()

    await page.goto(server + '/customers/new')
    await fill_customer(page, email='won@example.kr', name='김민준')
    await page.get_by_text('Send welcome invoice').click()
    await page.get_by_label('Description').fill('설치')
    await page.get_by_label('Unit price').fill('50,000')
    await page.get_by_label('VAT %').fill('10')
    await expect(page.get_by_text('₩50,000', exact=True).first).to_be_visible()  # the line's net
    summary = page.locator('.q-card', has_text='Summary')
    await expect(summary.get_by_text('₩55,000', exact=True)).to_be_visible()
    await page.get_by_role('button', name='Save', exact=True).click()
    await expect(page.get_by_text('Customer C-00001 saved with its welcome invoice')).to_be_visible()
    await page.get_by_role('tab', name='Invoices & payments').click()
    await expect(page.get_by_text('₩55,000').first).to_be_visible()


async def test_welcome_invoice_to_an_idn_address_reaches_the_smtp_server_as_an_a_label(
    server_with_smtp: str, smtp_server: MailServer, page: Page
) -> None:
    await sign_in(page, server_with_smtp, target='/customers/new')
    await fill_customer(page, email='billing@bücher.example')
    await page.get_by_text('Send welcome invoice').click()
    await page.get_by_label('Description').fill('Beratung')
    await page.get_by_label('Unit price').fill('90')
    await page.get_by_role('button', name='Save', exact=True).click()
    await expect(page.get_by_text('Customer C-00001 saved with its welcome invoice')).to_be_visible()
    await page.get_by_role('tab', name='Invoices & payments').click()
    await expect(page.get_by_text('email delivered')).to_be_visible(timeout=30_000)
    [(_sender, recipients)] = smtp_server.handler.envelopes
    assert recipients == ['billing@xn--bcher-kva.example']
    [message] = smtp_server.handler.messages()
    assert str(message['To']) == 'billing@xn--bcher-kva.example'
