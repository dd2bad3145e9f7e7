"""In a real browser: a user who switched to 한국어 registers a Korean customer (business number, 50,000 won welcome
invoice) and sees Korean dates and won amounts; the Korean PDF and email reach a real SMTP server. The same user
registers a Spanish customer, whose invoice is written in Spanish (Spanish dates and numbers).

Labels are looked up in the catalog (`t`), so the test follows the translators' wording."""

from __future__ import annotations

import asyncio
import io
import re
from email.message import EmailMessage

import pytest
from babel import Locale
from playwright.async_api import Page, expect
from pypdf import PdfReader

from services.core.i18n import translations
from tests.e2e.conftest import choose_option, pick_option, sign_in
from tests.mail_server import MailServer

pytestmark = pytest.mark.e2e
KOREAN_DATE = re.compile(r'\d{4}\. \d{1,2}\. \d{1,2}\.')
SPANISH_DATE = re.compile(r'\d{2}/\d{2}/\d{4}')


def territory(code: str) -> str:
    """A country's name as the Korean page lists it (CLDR via Babel)."""
    return str(Locale.parse('ko').territories[code])


def t(text: str) -> str:
    """What the Korean UI shows for `text`."""
    return str(translations('ko').gettext(text))


async def mail_to(server: MailServer, address: str, timeout: float = 30) -> EmailMessage:
    for _ in range(int(timeout * 5)):
        for message in server.handler.messages():
            if str(message['To']) == address:
                return message
        await asyncio.sleep(0.2)
    raise AssertionError(f'no email to {address} within {timeout} s')


def pdf_text(message: EmailMessage) -> str:
    [attachment] = list(message.iter_attachments())
    pages = PdfReader(io.BytesIO(attachment.get_content())).pages
    return re.sub(r'[ \xa0]*\n[ \xa0]*', ' ', ''.join(p.extract_text() for p in pages)).replace('\xa0', ' ')


def squeezed(text: str) -> str:
    """Without white space: the PDF sets each word apart, so extracted text breaks lines between words."""
    return re.sub(r'\s+', '', text)


async def register(
    page: Page, *, name: str, email: str, country: str, phone: str, street: str, postal: str, city: str,
    tax_id: str, language: str, description: str,
) -> None:  # fmt: skip
    await page.get_by_label(f'{t("Name")} *').fill(name)
    await page.get_by_label(f'{t("Email")} *').fill(email)
    await pick_option(page, f'{t("Country")} *', country, country)
    await choose_option(page, t('Language for invoices and emails'), language)
    await page.get_by_label(f'{t("Phone")} *').fill(phone)
    await page.get_by_label(f'{t("Street")} *').fill(street)
    await page.get_by_label(f'{t("Postal code")} *').fill(postal)
    await page.get_by_label(f'{t("City")} *').fill(city)
    await page.get_by_label(t('Tax ID'), exact=True).fill(tax_id)
    await page.get_by_text(t('Send welcome invoice')).click()
    await page.get_by_label(t('Description'), exact=True).fill(description)
    await page.get_by_label(t('Unit price'), exact=True).fill('50,000')
    await page.get_by_label(t('VAT %'), exact=True).fill('10')
    await page.get_by_role('button', name=t('Save'), exact=True).click()


async def test_a_korean_user_registers_korean_and_spanish_customers_who_get_their_languages(
    server_with_smtp: str, smtp_server: MailServer, page: Page
) -> None:
    server = server_with_smtp
    await sign_in(page, server, target='/settings/company')
    await page.get_by_label('Currency (ISO code)').fill('KRW')
    await page.get_by_role('button', name='Save company settings').click()
    await expect(page.get_by_text('Company settings saved')).to_be_visible()

    await page.locator('button', has=page.locator('i', has_text='account_circle')).click()  # the user menu
    await page.get_by_text('한국어', exact=True).click()
    await expect(page.get_by_role('button', name=t('Save company settings'))).to_be_visible()  # reloaded in Korean
    await page.goto(server + '/customers/new')
    await expect(page.get_by_label(f'{t("Name")} *')).to_be_visible()

    await register(
        page, name='김민준', email='minjun@example.kr', country=territory('KR'), phone='010-1234-5678',
        street='세종대로 110', postal='04524', city='서울', tax_id='116-82-00276', language='한국어',
        description='가입비',
    )  # fmt: skip
    await page.wait_for_url(re.compile(r'/customers/C-00001'))
    await page.get_by_role('tab', name=t('Invoices & payments')).click()
    await expect(page.get_by_text('₩55,000').first).to_be_visible()
    await expect(page.get_by_text(KOREAN_DATE).first).to_be_visible()

    korean = await mail_to(smtp_server, 'minjun@example.kr')
    body = korean.get_body(preferencelist=('plain',)).get_content()
    assert '₩55,000' in body and KOREAN_DATE.search(body)
    text = pdf_text(korean)
    assert '₩55,000' in text and '₩50,000' in text and '116-82-00276' in text
    assert KOREAN_DATE.search(text) and not SPANISH_DATE.search(text)
    with_ko = translations('ko')
    assert all(squeezed(with_ko.gettext(label)) in squeezed(text) for label in ('Invoice number', 'Due date', 'Total'))

    await page.goto(server + '/customers/new')
    await register(
        page, name='Talleres Peña S.L.', email='pagos@pena.es', country=territory('ES'), phone='+34 912 345 678',
        street='Calle Mayor 1', postal='28013', city='Madrid', tax_id='B64717838', language='Español',
        description='Alta de cliente',
    )  # fmt: skip
    await page.wait_for_url(re.compile(r'/customers/C-00002'))

    spanish = await mail_to(smtp_server, 'pagos@pena.es')
    body = spanish.get_body(preferencelist=('plain',)).get_content().replace('\xa0', ' ')
    assert '55.000 KRW' in body and SPANISH_DATE.search(body)
    text = pdf_text(spanish)
    assert '55.000 KRW' in text and SPANISH_DATE.search(text) and not KOREAN_DATE.search(text)
    with_es = translations('es')
    assert all(squeezed(with_es.gettext(label)) in squeezed(text) for label in ('Invoice number', 'Due date', 'Total'))

    await page.goto(server + '/customers')
    await expect(page.get_by_text('Talleres Peña S.L.')).to_be_visible()
    await expect(page.get_by_text(KOREAN_DATE).first).to_be_visible()  # the created column, in the user's locale
