"""In a real browser: voiding an invoice asks first, needs a reason, and the reason shows with the invoice."""

import pytest
from playwright.async_api import Page, expect

from tests.e2e.conftest import pick_option, sign_in

pytestmark = pytest.mark.e2e


async def test_void_asks_for_confirmation_and_a_reason(server: str, page: Page) -> None:
    await sign_in(page, server, target='/customers/new')
    await page.get_by_label('Name *').fill('Lucía Fernández')
    await page.get_by_label('Email *').fill('lucia@example.es')
    await pick_option(page, 'Country *', 'Spai', 'Spain')
    await page.get_by_label('Phone *').fill('+34 612 345 678')
    await page.get_by_label('Street *').fill('Calle Mayor 1')
    await page.get_by_label('Postal code *').fill('28013')
    await page.get_by_label('City *').fill('Madrid')
    await page.get_by_text('Send welcome invoice').click()
    await page.get_by_label('Description').fill('Alta')
    await page.get_by_label('Qty').fill('1')
    await page.get_by_label('Unit price').fill('50')
    await page.get_by_label('VAT %').fill('21')
    await page.get_by_role('button', name='Save', exact=True).click()
    await expect(page.get_by_text('Customer C-00001 saved with its welcome invoice')).to_be_visible()
    await page.get_by_role('tab', name='Invoices & payments').click()
    invoice = page.locator('.q-card', has_text='2026-0001').last
    void_badge = invoice.locator('.q-badge', has_text='Void')
    await expect(invoice.get_by_role('button', name='Record payment')).to_be_visible()
    await expect(void_badge).to_have_count(0)

    await invoice.get_by_role('button', name='Void').click()
    dialog = page.get_by_role('dialog')
    await expect(dialog.get_by_text('Void invoice 2026-0001?')).to_be_visible()
    await expect(dialog.get_by_text('This cannot be undone.', exact=False)).to_be_visible()
    await dialog.get_by_role('button', name='Cancel').click()
    await expect(dialog).to_be_hidden()
    await expect(void_badge).to_have_count(0)  # cancelling changed nothing
    await expect(invoice.get_by_role('button', name='Record payment')).to_be_visible()

    await invoice.get_by_role('button', name='Void').click()
    await dialog.get_by_role('button', name='Void invoice').click()  # no reason yet: refused at the field
    await expect(dialog.get_by_text('Say why the invoice is void')).to_be_visible()
    await expect(void_badge).to_have_count(0)
    await dialog.get_by_label('Reason *').fill('Billed the wrong company')
    await dialog.get_by_role('button', name='Void invoice').click()
    await expect(page.get_by_text('Invoice 2026-0001 is void')).to_be_visible()
    await expect(void_badge).to_be_visible()
    await expect(invoice.get_by_text('Void: Billed the wrong company')).to_be_visible()
    await expect(invoice.get_by_role('button', name='Void')).to_have_count(0)
