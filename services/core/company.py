"""The one `Company` row (id 1) that holds the business's settings, created on first use."""

from __future__ import annotations

import locale

from models import Company
from services.core.countries import is_country


def guess_country() -> str:
    """The server's locale country (de_DE -> DE), else DE."""
    code = (locale.getlocale()[0] or '').split('_')[-1].upper()
    return code if len(code) == 2 and is_country(code) else 'DE'


async def company_row() -> Company:
    """The company's settings row; created with the server's country when it does not exist yet."""
    company = await Company.filter(id=1).first()
    if company is None:
        company, _ = await Company.get_or_create(id=1, defaults={'default_country': guess_country()})
    return company
