"""First run: the business's country, asked on the first-admin page, sets the defaults (all editable in Settings)."""

from __future__ import annotations

import pytest

from models import Company
from services.access.team import create_first_admin
from services.core.company import country_defaults, guess_country
from services.core.errors import ValidationFailed
from services.invoicing.company_profile import get_company_profile
from tests.services.reports.test_income import build


@pytest.mark.parametrize(
    ('country', 'currency', 'language', 'zone'),
    [
        ('KR', 'KRW', 'ko', 'Asia/Seoul'),
        ('ES', 'EUR', 'es', 'Europe/Madrid'),
        ('MX', 'MXN', 'es', 'America/Mexico_City'),
        ('US', 'USD', 'en', 'America/New_York'),
        ('DE', 'EUR', 'en', 'Europe/Berlin'),  # German is not one of Clientbook's languages
        ('JP', 'JPY', 'en', 'Asia/Tokyo'),  # Korean is spoken by a minority there: not the business's language
    ],
)
def test_a_country_gives_currency_language_and_time_zone(country: str, currency: str, language: str, zone: str) -> None:
    assert country_defaults(country.lower()) == country_defaults(country)
    defaults = country_defaults(country)
    assert (defaults.country, defaults.currency, defaults.language, defaults.time_zone) == (
        country,
        currency,
        language,
        zone,
    )


def test_an_unknown_country_is_refused() -> None:
    with pytest.raises(ValueError):
        country_defaults('XX')


async def test_the_first_admin_sets_the_companys_defaults_from_its_country(db: str) -> None:
    await create_first_admin(email='minji@shop.example', display_name='Minji', password='correct horse 1', country='KR')
    company = await Company.get(id=1)
    assert (company.default_country, company.currency, company.language, company.time_zone) == (
        'KR',
        'KRW',
        'ko',
        'Asia/Seoul',
    )
    profile = await get_company_profile()
    assert (profile.currency, profile.language, profile.time_zone) == ('KRW', 'ko', 'Asia/Seoul')


async def test_the_first_admin_page_refuses_an_unknown_country(db: str) -> None:
    with pytest.raises(ValidationFailed) as failure:
        await create_first_admin(email='a@shop.example', display_name='A', password='correct horse 1', country='XX')
    assert 'country' in failure.value.errors
    assert not await Company.exists()


async def test_the_country_keeps_the_currency_of_invoices_written_before_the_first_admin(db: str) -> None:
    """`main.py seed-demo` before the first admin writes EUR invoices; picking the United States afterwards must not
    leave them all out of Reports (which count the company's currency only): the currency stays, the rest follows."""
    await build()
    assert (await get_company_profile()).currency == 'EUR'
    await create_first_admin(email='sam@shop.example', display_name='Sam', password='correct horse 1', country='US')
    profile = await get_company_profile()
    assert (profile.currency, profile.language, profile.time_zone) == ('EUR', 'en', 'America/New_York')


@pytest.mark.parametrize(
    ('header', 'expected'),
    [
        ('ko-KR,ko;q=0.9,en-US;q=0.8', 'KR'),  # a Korean browser: the business is most likely in Korea
        ('es-419,es;q=0.9,es-MX;q=0.8', 'MX'),  # Latin America (419) is no country: the next region is
        ('en;q=0.5, es-ES', 'ES'),
        ('fr-FR;q=0, en-GB', 'GB'),
        ('zh-Hant-TW', 'TW'),
    ],
)
def test_the_first_admin_pages_country_is_guessed_from_the_browsers_languages(header: str, expected: str) -> None:
    assert guess_country(header) == expected


def test_without_a_region_in_the_browsers_languages_the_servers_country_is_guessed() -> None:
    assert guess_country('ko, es;q=0.5') == guess_country(None) == guess_country('')
