"""The welcome-invoice preset in the registration form: ticking the switch fills the lines; no preset says so."""

from nicegui.testing import User

from models import Role
from services.core.actors import SYSTEM
from services.invoicing.company_profile import CompanyProfileDraft, get_company_profile, update_company_profile
from services.invoicing.drafts import LineDraft
from services.invoicing.welcome_preset import WelcomePresetDraft, update_welcome_preset
from tests.ui.helpers import sign_in
from tests.ui.test_customer_form import fill_korean_customer, open_form


async def save_preset(**changes: object) -> None:
    values: dict[str, object] = {
        'lines': [LineDraft(description='Onboarding', quantity='1', unit_price='150', vat_rate='19')],
        'messages': {'ko': '{customer_name}님, 환영합니다'},
    }
    draft = WelcomePresetDraft(**{**values, **changes})
    await update_welcome_preset(draft=draft, profile=await get_company_profile(), by=SYSTEM)


async def test_ticking_the_switch_fills_the_preset_lines_and_enables_save(user: User) -> None:
    await save_preset()
    await sign_in(user, role=Role.MEMBER)
    await open_form(user)
    await fill_korean_customer(user)
    user.find(marker='send-welcome').click()
    await user.should_see(marker='invoice-line-0-description', retries=20)
    assert user.find(marker='invoice-line-0-description').elements.pop().value == 'Onboarding'
    assert user.find(marker='invoice-message').elements.pop().value == '{customer_name}님, 환영합니다'
    with user.scope(marker='invoice-summary'):
        await user.should_see('€178.50', retries=20)
    await user.should_not_see(marker='welcome-missing')
    assert user.find(marker='save').elements.pop().enabled
    user.find(marker='invoice-line-0-unit_price').clear().type('100')  # still editable for this customer
    with user.scope(marker='invoice-summary'):
        await user.should_see('€119.00', retries=20)


async def test_the_switch_starts_on_when_the_preset_says_so(user: User) -> None:
    await save_preset(switch_on=True)
    await sign_in(user)
    await open_form(user)
    await user.should_see(marker='invoice-line-0-description', retries=20)
    assert user.find(marker='send-welcome').elements.pop().value is True


async def test_without_a_preset_one_line_says_what_is_missing_and_links_to_the_settings(user: User) -> None:
    await sign_in(user)
    await open_form(user)
    user.find(marker='send-welcome').click()
    await user.should_see(marker='welcome-missing', retries=20)
    await user.should_see('No default lines for the welcome invoice yet', retries=20)
    user.find(marker='welcome-settings-link').click()
    await user.should_see(marker='welcome-preset', retries=20)


async def test_members_cannot_open_the_preset_settings(user: User) -> None:
    await sign_in(user, role=Role.MEMBER)
    await user.open('/settings/welcome-invoice')
    await user.should_see(marker='forbidden', retries=20)


async def test_a_preset_priced_in_another_currency_is_not_used_and_says_why(user: User) -> None:
    await save_preset()
    await update_company_profile(draft=CompanyProfileDraft(currency='KRW'), by=SYSTEM)
    await sign_in(user)
    await open_form(user)
    user.find(marker='send-welcome').click()
    await user.should_see('prices in EUR, invoices are now in KRW', retries=20)
    assert user.find(marker='invoice-line-0-description').elements.pop().value == ''
