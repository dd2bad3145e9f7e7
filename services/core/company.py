"""The one `Company` row (id 1) that holds the business's settings, created on first use."""

from __future__ import annotations

import locale
from dataclasses import dataclass, replace

from babel.core import get_global
from babel.numbers import get_territory_currencies
from tortoise.backends.base.client import BaseDBAsyncClient

from models import Company, Invoice
from services.core.clock import remember_company_zone
from services.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, ranked_tags
from services.core.values.countries import is_country


def guess_country(accept_language: str | None = None) -> str:
    """The business's likely country, ISO 3166-1 alpha-2: the first region that is a country among the browser's
    preferred languages (an HTTP `Accept-Language` header, most preferred first: `ko-KR,ko;q=0.9` -> KR; regions such
    as `es-419` are passed over), else the server's locale country (de_DE -> DE), else DE."""
    for tag in ranked_tags(accept_language):
        for part in tag.replace('_', '-').split('-')[1:]:
            if len(part) == 2 and part.isalpha() and is_country(part.upper()):
                return part.upper()
    code = (locale.getlocale()[0] or '').split('_')[-1].upper()
    return code if len(code) == 2 and is_country(code) else 'DE'


async def company_row() -> Company:
    """The company's settings row; created with the server's country when it does not exist yet."""
    company = await Company.filter(id=1).first()
    if company is None:
        company, _ = await Company.get_or_create(id=1, defaults={'default_country': guess_country()})
    remember_company_zone(company.time_zone)
    return company


async def kept_currency(conn: BaseDBAsyncClient | None = None) -> str:
    """The company's currency (ISO 4217) when invoices exist already, which the country then leaves as it is; ''
    when there are none (see `apply_country_defaults`)."""
    if not await Invoice.exists(using_db=conn):
        return ''
    currencies = await Company.filter(id=1).using_db(conn).values_list('currency', flat=True)
    return str(currencies[0]) if currencies else 'EUR'  # the Company model's default


async def load_company_zone() -> None:
    """At start: make times on pages use the company's zone before anything else reads its row (creates nothing)."""
    zones = await Company.filter(id=1).values_list('time_zone', flat=True)
    remember_company_zone(str(zones[0]) if zones else '')


# Countries with several time zones: the one most of the country's businesses keep (CLDR lists them unordered).
MAIN_TIME_ZONES = {
    'US': 'America/New_York', 'CA': 'America/Toronto', 'MX': 'America/Mexico_City', 'BR': 'America/Sao_Paulo',
    'AR': 'America/Argentina/Buenos_Aires', 'CL': 'America/Santiago', 'EC': 'America/Guayaquil',
    'ES': 'Europe/Madrid', 'PT': 'Europe/Lisbon', 'DE': 'Europe/Berlin', 'AU': 'Australia/Sydney',
    'RU': 'Europe/Moscow', 'ID': 'Asia/Jakarta', 'CN': 'Asia/Shanghai', 'NZ': 'Pacific/Auckland',
    'FR': 'Europe/Paris', 'GB': 'Europe/London', 'IT': 'Europe/Rome', 'NL': 'Europe/Amsterdam',
}  # fmt: skip


@dataclass(frozen=True)
class CountryDefaults:
    """What a new install takes from the business's country (all editable later in Settings)."""

    country: str  # ISO 3166 alpha-2: the default country of new customers
    currency: str  # ISO 4217, CLDR's current tender of the territory (EUR for ES, KRW for KR)
    language: str  # the most spoken of Clientbook's languages there (CLDR territory languages), else English
    time_zone: str  # IANA name; '' when CLDR knows none


def country_defaults(country: str) -> CountryDefaults:
    """`KR` -> KRW, Korean, Asia/Seoul; `ES` -> EUR, Spanish, Europe/Madrid; `DE` -> EUR, English, Europe/Berlin.

    Raises ValueError for a code that is not a country. Source: CLDR via Babel (territory currencies, languages, zones).
    """
    code = country.strip().upper()
    if not is_country(code):
        raise ValueError(f'not a country: {country!r}')
    currencies = get_territory_currencies(code) or ['EUR']
    spoken = get_global('territory_languages').get(code, {})
    ranked = sorted(
        (lang for lang, data in spoken.items() if lang in LANGUAGES and _widely_spoken(data)),
        key=lambda lang: -float(spoken[lang].get('population_percent', 0)),
    )
    zones = list(get_global('territory_zones').get(code, []))
    zone = MAIN_TIME_ZONES.get(code) or (zones[0] if zones else '')
    return CountryDefaults(code, currencies[0], ranked[0] if ranked else DEFAULT_LANGUAGE, zone)


def _widely_spoken(data: dict[str, object]) -> bool:
    """Official there, or spoken by at least a fifth of the people (not a minority's language: Korean in Japan)."""
    official = str(data.get('official_status', '')).endswith('official')
    return official or float(str(data.get('population_percent', 0))) >= 20


async def apply_country_defaults(country: str, conn: BaseDBAsyncClient | None = None) -> CountryDefaults:
    """Set the company's default country, currency, language and time zone from its country (first run).

    The currency stays as it is when invoices exist already (`main.py seed-demo` run before the first admin, an
    import): switching it would leave every existing invoice out of Reports, which count the company's currency
    only, and nothing is converted. The returned defaults carry the currency actually kept.
    """
    defaults = country_defaults(country)
    await Company.bulk_create([Company(id=1)], ignore_conflicts=True, using_db=conn)
    if kept := await kept_currency(conn):
        defaults = replace(defaults, currency=kept)
    await (
        Company.filter(id=1)
        .using_db(conn)
        .update(
            default_country=defaults.country,
            currency=defaults.currency,
            language=defaults.language,
            time_zone=defaults.time_zone,
        )
    )
    return defaults
