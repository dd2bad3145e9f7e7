"""In a real browser: register a customer with a welcome invoice and read the email with its PDF in the Mailbox."""

import io

import pytest
from playwright.async_api import Page, expect
from pypdf import PdfReader

from tests.e2e.conftest import pick_option, sign_in

pytestmark = pytest.mark.e2e

HOSTILE_NAME = '<img src=x onerror=alert(1)> 김민준'


async def test_welcome_invoice_reaches_the_dev_mailbox_with_its_pdf(server: str, page: Page) -> None:
    await sign_in(page, server, target='/customers/new')
    await page.get_by_label('Name *').fill(HOSTILE_NAME)
    await page.get_by_label('Email *').fill('minjun.kim@example.kr')
    await pick_option(page, 'Country *', 'South Ko', 'South Korea')
    await page.get_by_label('Phone *').fill('010-1234-5678')
    await page.get_by_label('Street *').fill('세종대로 110')
    await page.get_by_label('Postal code *').fill('04524')
    await page.get_by_label('City *').fill('서울')
    await page.get_by_text('Send welcome invoice').click()
    await page.get_by_label('Description').fill('Beratung für José')
    await page.get_by_label('Qty').fill('2')
    await page.get_by_label('Unit price').fill('90')
    await page.get_by_label('VAT %').fill('19')
    summary = page.locator('.q-card', has_text='Summary')
    await expect(summary.get_by_text('€214.20', exact=True)).to_be_visible()
    await expect(summary.get_by_text(f'Dear {HOSTILE_NAME},')).to_be_visible()  # shown as text, not as HTML

    await page.get_by_role('button', name='Save', exact=True).click()
    await expect(page.get_by_text('Customer C-00001 saved with its welcome invoice')).to_be_visible()
    await page.get_by_role('tab', name='Invoices & payments').click()
    await expect(page.get_by_text('email delivered')).to_be_visible(timeout=20_000)

    await page.get_by_text('Mailbox', exact=True).click()
    await expect(page.get_by_text('These messages do not leave this machine')).to_be_visible()
    await page.locator('tbody tr', has_text='minjun.kim@example.kr').click()
    frame = page.frame_locator('iframe[sandbox]')
    await expect(frame.get_by_text(f'Dear {HOSTILE_NAME},')).to_be_visible()
    assert await frame.locator('img').count() == 0  # the name stayed text inside the received HTML too

    async with page.expect_download() as download_info:
        await page.get_by_role('button', name='Invoice-2026-0001.pdf').click()
    download = await download_info.value
    data = (await download.path()).read_bytes()
    text = ''.join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    for expected in ('2026-0001', '€214.20', '김민준', 'Beratung für José'):
        assert expected in text
