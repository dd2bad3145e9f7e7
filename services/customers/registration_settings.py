"""The company's settings that shape customer registration: default country and required fields."""

from __future__ import annotations

from pydantic import BaseModel

from services.core import audit
from services.core.actors import Actor, require_admin
from services.core.company import company_row
from services.core.errors import ValidationFailed
from services.core.i18n import _
from services.core.values.countries import is_country
from services.customers.fields import OPTIONALLY_REQUIRED, required_set


class CompanySettings(BaseModel):
    default_country: str
    required: frozenset[str]


async def get_company_settings() -> CompanySettings:
    company = await company_row()
    return CompanySettings(default_country=company.default_country, required=required_set(company.required_fields))


async def set_required_fields(keys: list[str], *, by: Actor) -> CompanySettings:
    require_admin(by)
    allowed = {spec.key for spec in OPTIONALLY_REQUIRED}
    unknown = sorted(set(keys) - allowed)
    if unknown:
        raise ValidationFailed(
            {'required_fields': _('Cannot make these fields required: {fields}').format(fields=', '.join(unknown))}
        )
    company = await company_row()
    old = required_set(company.required_fields)
    company.required_fields = sorted(set(keys))
    await company.save(update_fields=['required_fields', 'updated_at'])
    await audit.record(
        'settings.required_fields',
        by=by,
        entity='company',
        field='required_fields',
        old=sorted(old),
        new=sorted(required_set(company.required_fields)),
    )
    return await get_company_settings()


async def set_default_country(code: str, *, by: Actor) -> CompanySettings:
    require_admin(by)
    if not is_country(code):
        raise ValidationFailed({'default_country': _('Unknown country')})
    company = await company_row()
    old = company.default_country
    company.default_country = code.upper()
    await company.save(update_fields=['default_country', 'updated_at'])
    await audit.record(
        'settings.default_country',
        by=by,
        entity='company',
        field='default_country',
        old=old,
        new=company.default_country,
    )
    return await get_company_settings()
