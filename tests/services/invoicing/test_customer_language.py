"""What a customer receives is written in the customer's language (default: the company's), whatever the language of
the user who registered them: the welcome email, its PDF and the reminders, delivered to a real SMTP server."""

from __future__ import annotations

import io
from decimal import Decimal

from pypdf import PdfReader

from models import Customer, Invoice, MessageKind, OutboxMessage
from services.core.actors import SYSTEM
from services.core.i18n import language
from services.customers.edit.entry_points import update_customer
from services.customers.registration import create_customer
from services.customers.views import draft_of, get_customer
from services.invoicing.company_profile import (
    CompanyProfileDraft,
    check_profile,
    get_company_profile,
    profile_draft,
    update_company_profile,
)
from services.invoicing.drafts import InvoiceDraft, LineDraft
from services.pdf.documents import invoice_document
from services.pdf.invoice_pdf import render_invoice_pdf
from services.pdf.renderer import PdfRenderer
from tests.clock import FakeClock
from tests.factories import korean_draft, make_worker, set_up_company, spanish_draft
from tests.mail_server import MailServer

KOREAN_SUBJECT = '{company_name}에 오신 것을 환영합니다: 청구서 {invoice_number}'
KOREAN_BODY = '{customer_name}님, 가입을 환영합니다.\n청구서 {invoice_number}: {amount}, 납부 기한 {due_date}.'
SPANISH_SUBJECT = 'Bienvenido a {company_name}: factura {invoice_number}'
SPANISH_BODY = (
    'Estimado/a {customer_name}:\nadjuntamos la factura {invoice_number} por {amount}, a pagar antes del {due_date}.'
)


def won_invoice() -> InvoiceDraft:
    """50,000 won + 10 % VAT = 55,000 won."""
    line = LineDraft(description='가입비', quantity='1', unit_price='50000', vat_rate='10')
    return InvoiceDraft(lines=[line], payment_terms='14', reminders=True)


async def company_with_texts(**changes: object) -> None:
    await set_up_company(currency='KRW', **changes)
    draft = profile_draft(await get_company_profile())
    draft.welcome_texts = {
        'ko': {'subject': KOREAN_SUBJECT, 'body': KOREAN_BODY},
        'es': {'subject': SPANISH_SUBJECT, 'body': SPANISH_BODY},
    }
    await update_company_profile(draft=draft, by=SYSTEM)


def pdf_text(data: bytes) -> str:
    return ''.join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).replace('\xa0', ' ')


async def test_welcome_email_and_pdf_in_the_customers_language_reach_the_smtp_server(
    db: str, clock: FakeClock, mail_server: MailServer, renderer: PdfRenderer
) -> None:
    await company_with_texts()
    with language('en'):  # an English-speaking user registers both
        korean = await create_customer(by=SYSTEM, draft=korean_draft(language='ko'), welcome=won_invoice(), clock=clock)
        spanish = await create_customer(
            by=SYSTEM, draft=spanish_draft(language='es'), welcome=won_invoice(), clock=clock
        )
    assert (korean.language, spanish.language) == ('ko', 'es')
    assert await make_worker(mail_server, renderer, clock).run_once() == 2

    messages = {str(m['To']): m for m in mail_server.handler.messages()}
    ko, es = messages[korean.email], messages[spanish.email]
    assert ko['Subject'] == 'Bäckerei Müller GmbH에 오신 것을 환영합니다: 청구서 2026-0001'
    assert es['Subject'] == 'Bienvenido a Bäckerei Müller GmbH: factura 2026-0002'
    ko_text = ko.get_body(preferencelist=('plain',)).get_content()
    es_text = es.get_body(preferencelist=('plain',)).get_content().replace('\xa0', ' ')
    assert '김민준님, 가입을 환영합니다.' in ko_text and '₩55,000, 납부 기한 2026. 3. 16.' in ko_text
    assert 'por 55.000 KRW, a pagar antes del 16/03/2026' in es_text
    [ko_pdf] = [part.get_content() for part in ko.iter_attachments()]
    [es_pdf] = [part.get_content() for part in es.iter_attachments()]
    for shown in ('2026. 3. 16.', '2026. 3. 2.', '₩55,000', '₩50,000', '10%'):
        assert shown in pdf_text(ko_pdf)
    for shown in ('16/03/2026', '02/03/2026', '55.000 KRW', '10 %'):
        assert shown in pdf_text(es_pdf)
    assert '2026-03-16' not in pdf_text(ko_pdf) + pdf_text(es_pdf)


async def test_a_customer_without_a_language_gets_the_companys(db: str, clock: FakeClock) -> None:
    await company_with_texts(language='es')
    with language('ko'):  # a Korean-speaking user registers a customer who has no language of their own
        customer = await create_customer(by=SYSTEM, draft=spanish_draft(), welcome=won_invoice(), clock=clock)
    assert (await Customer.get(id=customer.id)).language == ''
    invoice = await Invoice.get(customer_id=customer.id)
    assert invoice.buyer['language'] == 'es'
    email = await OutboxMessage.get(invoice_id=invoice.id, kind=MessageKind.INVOICE)
    assert email.subject == 'Bienvenido a Bäckerei Müller GmbH: factura 2026-0001'


async def test_reminders_are_written_in_the_customers_language_when_they_go_out(
    db: str, clock: FakeClock, mail_server: MailServer, renderer: PdfRenderer
) -> None:
    await company_with_texts()
    with language('es'):
        customer = await create_customer(
            by=SYSTEM, draft=korean_draft(language='ko'), welcome=won_invoice(), clock=clock
        )
    worker = make_worker(mail_server, renderer, clock)
    assert await worker.run_once() == 1  # the invoice email
    clock.advance(days=15, hours=12)  # the day after the due date (2026-03-16), past 09:00
    assert await worker.run_once() == 1
    welcome, reminder = mail_server.handler.messages()
    assert reminder['Subject'] != welcome['Subject']
    text = reminder.get_body(preferencelist=('plain',)).get_content()
    assert '2026. 3. 16.' in text and '₩55,000' in text
    assert Decimal((await Invoice.get(customer_id=customer.id)).total) == 55000


async def test_welcome_texts_per_language_are_checked(db: str) -> None:
    draft = CompanyProfileDraft(welcome_texts={'ko': {'subject': '{unknown}', 'body': ''}, 'xx': {'subject': 'x'}})
    values, errors = check_profile(draft)
    assert errors == {'welcome_subject_ko': 'Unknown placeholder {unknown}'}
    assert list(values['welcome_texts']) == ['ko']  # an unknown language is dropped


async def test_the_customers_language_is_edited_on_the_profile_and_kept_in_the_history(db: str) -> None:
    view = await create_customer(by=SYSTEM, draft=korean_draft())
    assert view.language == ''
    draft = draft_of(view)
    draft.language = 'ko'
    await update_customer(view.id, draft, expected_version=view.version, by=SYSTEM)
    assert (await Customer.get(id=view.id)).language == 'ko'
    assert draft_of(await get_customer(view.number)).language == 'ko'
    draft.language = 'xx'  # not a language of Clientbook: the company's
    await update_customer(view.id, draft, expected_version=view.version + 1, by=SYSTEM)
    assert (await Customer.get(id=view.id)).language == ''


async def test_the_invoice_names_the_customers_country_in_the_invoices_language(
    db: str, clock: FakeClock, mail_server: MailServer, renderer: PdfRenderer
) -> None:
    await company_with_texts()
    with language('en'):  # an English-speaking user registers both
        korean = await create_customer(by=SYSTEM, draft=korean_draft(language='ko'), welcome=won_invoice(), clock=clock)
        spanish = await create_customer(
            by=SYSTEM, draft=spanish_draft(language='es'), welcome=won_invoice(), clock=clock
        )
    assert await make_worker(mail_server, renderer, clock).run_once() == 2
    messages = {str(m['To']): m for m in mail_server.handler.messages()}
    [ko_pdf] = [part.get_content() for part in messages[korean.email].iter_attachments()]
    [es_pdf] = [part.get_content() for part in messages[spanish.email].iter_attachments()]
    assert '대한민국' in pdf_text(ko_pdf) and 'Korea' not in pdf_text(ko_pdf)
    assert 'España' in pdf_text(es_pdf) and 'Spain' not in pdf_text(es_pdf)
    invoice = await Invoice.get(customer_id=korean.id)
    assert (invoice.buyer['country'], invoice.buyer['country_name']) == ('KR', '대한민국')


async def test_an_invoice_issued_with_the_country_in_the_users_language_reprints_it_in_its_own(
    db: str, clock: FakeClock
) -> None:
    await company_with_texts()
    customer = await create_customer(by=SYSTEM, draft=korean_draft(language='ko'), welcome=won_invoice(), clock=clock)
    invoice = await Invoice.get(customer_id=customer.id)
    invoice.buyer = {**invoice.buyer, 'country_name': 'South Korea'}  # as invoices were snapshotted before
    await invoice.save(update_fields=['buyer'])
    with language('es'):  # whoever downloads it
        text = pdf_text(render_invoice_pdf(await invoice_document(invoice.id)))
    assert '대한민국' in text and 'South Korea' not in text and 'Corea' not in text
