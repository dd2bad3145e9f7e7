"""The company's settings that shape customer registration: default country and required fields."""

from __future__ import annotations

import locale

from pydantic import BaseModel

from models import Company

from .countries import is_country
from .customer_fields import OPTIONALLY_REQUIRED, required_set
from .errors import ValidationFailed


class CompanySettings(BaseModel):
    default_country: str
    required: frozenset[str]


def _guess_country() -> str:
    """The server's locale country (de_DE -> DE), else DE."""
    code = (locale.getlocale()[0] or '').split('_')[-1].upper()
    return code if len(code) == 2 and is_country(code) else 'DE'


async def _company() -> Company:
    company = await Company.filter(id=1).first()
    if company is None:
        company, _ = await Company.get_or_create(id=1, defaults={'default_country': _guess_country()})
    return company


async def get_company_settings() -> CompanySettings:
    company = await _company()
    return CompanySettings(default_country=company.default_country, required=required_set(company.required_fields))


async def set_required_fields(keys: list[str]) -> CompanySettings:
    allowed = {spec.key for spec in OPTIONALLY_REQUIRED}
    unknown = sorted(set(keys) - allowed)
    if unknown:
        raise ValidationFailed({'required_fields': f'Cannot make these fields required: {", ".join(unknown)}'})
    company = await _company()
    company.required_fields = sorted(set(keys))
    await company.save(update_fields=['required_fields', 'updated_at'])
    return await get_company_settings()


async def set_default_country(code: str) -> CompanySettings:
    if not is_country(code):
        raise ValidationFailed({'default_country': 'Unknown country'})
    company = await _company()
    company.default_country = code.upper()
    await company.save(update_fields=['default_country', 'updated_at'])
    return await get_company_settings()
