"""In a real browser: set the welcome-invoice preset, tick the switch for a new customer, Save, and the email with
the preset's lines in its PDF arrives at a real SMTP server (aiosmtpd on loopback)."""

import io

import pytest
from playwright.async_api import Page, expect
from pypdf import PdfReader

from tests.e2e.conftest import sign_in
from tests.e2e.test_right_values import fill_customer
from tests.mail_server import MailServer
from tests.ui.helpers import eventually

pytestmark = pytest.mark.e2e


async def test_preset_then_tick_then_save_sends_the_preset_lines(
    server_with_smtp: str, smtp_server: MailServer, page: Page
) -> None:
    server = server_with_smtp
    await sign_in(page, server, target='/settings/welcome-invoice')
    preset = page.locator('.q-card', has_text='Default lines')
    await preset.get_by_label('Description').fill('Onboarding-Paket')
    await preset.get_by_label('Unit price').fill('150')
    await preset.get_by_label('VAT %').fill('19')
    await preset.get_by_label('Payment terms (days)').fill('10')
    await page.get_by_label('English').fill('Hello {customer_name}, welcome aboard.')
    await page.get_by_role('button', name='Save welcome invoice').click()
    await expect(page.get_by_text('Welcome invoice saved')).to_be_visible()

    await page.goto(server + '/customers/new')
    await fill_customer(page, email='einkauf@buecher.example')
    save = page.get_by_role('button', name='Save', exact=True)
    await page.get_by_text('Send welcome invoice').click()
    await expect(page.get_by_label('Description')).to_have_value('Onboarding-Paket')
    summary = page.locator('.q-card', has_text='Summary')
    await expect(summary.get_by_text('€178.50', exact=True)).to_be_visible()
    await expect(save).to_be_enabled()
    await save.click()
    await expect(page.get_by_text('Customer C-00001 saved with its welcome invoice')).to_be_visible()

    await eventually(lambda: len(smtp_server.handler.messages()) >= 1, timeout=30)
    [message] = smtp_server.handler.messages()
    assert str(message['To']) == 'einkauf@buecher.example'
    assert 'Hello Bücher GmbH, welcome aboard.' in message.get_body(preferencelist=('plain',)).get_content()
    [attachment] = list(message.iter_attachments())
    text = ''.join(p.extract_text() for p in PdfReader(io.BytesIO(attachment.get_content())).pages)
    for expected in ('Onboarding-Paket', '€178.50', 'Bücher GmbH'):
        assert expected in text
