"""Settings -> Company (admins only): the business behind the invoices and the emails."""

from __future__ import annotations

from nicegui import ui

from services.core.i18n import _
from services.invoicing.company_profile import get_company_profile
from ui.settings.company_form import CompanyForm
from ui.settings.settings_nav import settings_nav


async def page() -> None:
    ui.page_title(_('Company · Clientbook'))
    settings_nav('/settings/company')
    CompanyForm(await get_company_profile())
