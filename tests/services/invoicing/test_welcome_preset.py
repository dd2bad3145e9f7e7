"""Settings -> Welcome invoice: the preset's checks, admins only, audit, and a customer registered from it."""

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from models import AuditEntry, Invoice, OutboxMessage
from services.core.actors import SYSTEM, Actor, Role
from services.core.errors import PermissionDenied, ValidationFailed
from services.customers.registration import create_customer
from services.invoicing.company_profile import get_company_profile
from services.invoicing.drafts import LineDraft
from services.invoicing.welcome_preset import (
    WelcomePreset,
    WelcomePresetDraft,
    check_preset,
    get_welcome_preset,
    invoice_draft_from,
    missing_text,
    preset_draft,
    update_welcome_preset,
    welcome_language,
)
from services.pdf.renderer import PdfRenderer
from tests.clock import FakeClock
from tests.factories import korean_draft, make_worker, set_up_company, spanish_draft
from tests.mail_server import MailServer

MEMBER = Actor(id=None, name='Member', role=Role.MEMBER, can_view_notes=False)


def preset_form(**changes: object) -> WelcomePresetDraft:
    values: dict[str, object] = {
        'lines': [
            LineDraft(description='Onboarding', quantity='1', unit='', unit_price='150', vat_rate='19'),
            LineDraft(description='Setup fee', quantity='2', unit='h', unit_price='45.50', vat_rate='19'),
            LineDraft(),  # the blank line the form always shows is ignored
        ],
        'payment_terms': '10',
        'reminders': False,
        'messages': {'en': 'Hello {customer_name}', 'ko': '{customer_name}님, 환영합니다', 'es': ''},
        'switch_on': True,
    }
    return WelcomePresetDraft(**{**values, **changes})


async def test_a_checked_preset_keeps_lines_as_numbers_and_drops_empty_messages(db: str) -> None:
    preset, errors, _ = check_preset(preset_form(), await get_company_profile())
    assert errors == {}
    assert [(line.description, line.quantity, line.unit_price) for line in preset.lines] == [
        ('Onboarding', Decimal(1), Decimal(150)),
        ('Setup fee', Decimal(2), Decimal('45.50')),
    ]
    assert (preset.payment_terms_days, preset.reminders, preset.switch_on) == (10, False, True)
    assert set(preset.messages) == {'en', 'ko'}


async def test_preset_errors_name_their_field(db: str) -> None:
    draft = preset_form(
        lines=[LineDraft(description='', unit_price='12')],
        payment_terms='400',
        messages={'es': 'Hola {nombre}'},
        switch_on=True,
    )
    _, errors, _ = check_preset(draft, await get_company_profile())
    assert set(errors) == {'lines.0.description', 'payment_terms', 'messages.es', 'switch_on'}


async def test_no_lines_is_a_valid_preset_that_says_what_is_missing(db: str) -> None:
    preset, errors, _ = check_preset(WelcomePresetDraft(), await get_company_profile())
    assert errors == {}
    assert not preset.ready
    assert 'No default lines' in missing_text(preset, 'EUR')
    saved = await update_welcome_preset(draft=preset_form(), profile=await get_company_profile(), by=SYSTEM)
    assert missing_text(saved, 'EUR') == ''


async def test_only_admins_save_and_each_save_is_audited(db: str) -> None:
    profile = await get_company_profile()
    with pytest.raises(PermissionDenied):
        await update_welcome_preset(draft=preset_form(), profile=profile, by=MEMBER)
    with pytest.raises(ValidationFailed):
        await update_welcome_preset(draft=preset_form(payment_terms='x'), profile=profile, by=SYSTEM)
    assert not (await get_welcome_preset()).ready
    await update_welcome_preset(draft=preset_form(), profile=profile, by=SYSTEM)
    await update_welcome_preset(draft=preset_form(), profile=profile, by=SYSTEM)  # unchanged: no second entry
    [entry] = await AuditEntry.filter(action='settings.change', field='welcome_preset')
    assert 'Onboarding' in entry.new_value
    stored = await get_welcome_preset()
    again = preset_draft(stored, profile.currency)
    assert [line.unit_price for line in again.lines] == ['150.00', '45.50']
    assert again.payment_terms == '10'


def test_the_message_language_follows_the_customer_country() -> None:
    assert [welcome_language(code) for code in ('KR', 'es', 'MX', 'DE', '')] == ['ko', 'es', 'es', 'en', 'en']


async def test_a_customer_registered_from_the_preset_gets_its_lines_by_mail(
    db: str, clock: FakeClock, mail_server: MailServer, renderer: PdfRenderer
) -> None:
    await set_up_company()
    profile = await get_company_profile()
    preset = await update_welcome_preset(draft=preset_form(), profile=profile, by=SYSTEM)
    korean = await create_customer(
        draft=korean_draft(), by=SYSTEM, welcome=invoice_draft_from(preset, profile, 'ko'), clock=clock
    )
    spanish = await create_customer(
        draft=spanish_draft(), by=SYSTEM, welcome=invoice_draft_from(preset, profile, 'es'), clock=clock
    )
    invoice = await Invoice.get(customer_id=korean.id)
    assert [line['description'] for line in invoice.lines] == ['Onboarding', 'Setup fee']
    assert invoice.total == Decimal('286.79')  # (150 + 91) x 1.19
    assert (invoice.due_date - invoice.issue_date).days == 10
    assert await OutboxMessage.filter(kind='reminder').count() == 0  # the preset turned reminders off
    assert await make_worker(mail_server, renderer, clock).run_once() == 2
    messages = {str(m['To']): m for m in mail_server.handler.messages()}
    korean_text = messages[korean.email].get_body(preferencelist=('plain',)).get_content()
    assert '김민준님, 환영합니다' in korean_text
    spanish_text = messages[spanish.email].get_body(preferencelist=('plain',)).get_content()
    assert '¡bienvenido/a a Bäckerei Müller GmbH!' in spanish_text  # no Spanish text: the company's, in Spanish
    [attachment] = list(messages[korean.email].iter_attachments())
    pdf = ''.join(page.extract_text() for page in PdfReader(io.BytesIO(attachment.get_content())).pages)
    for expected in ('Onboarding', 'Setup fee', '€286.79'):
        assert expected in pdf


def test_an_empty_preset_fills_nothing() -> None:
    assert not WelcomePreset().ready


async def test_after_the_currency_changes_the_preset_asks_to_be_checked(db: str) -> None:
    saved = await update_welcome_preset(draft=preset_form(), profile=await get_company_profile(), by=SYSTEM)
    assert (saved.currency, saved.usable_with('EUR'), saved.usable_with('KRW')) == ('EUR', True, False)
    assert 'prices in EUR, invoices are now in KRW' in missing_text(saved, 'KRW')
    assert WelcomePreset(lines=saved.lines).usable_with('KRW')  # stored before the currency was recorded
