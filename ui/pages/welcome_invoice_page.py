"""Settings -> Welcome invoice (admins only): what a new customer's welcome invoice starts with."""

from __future__ import annotations

from nicegui import ui

from services.core.i18n import _
from services.invoicing.catalogue import list_products
from services.invoicing.company_profile import get_company_profile
from services.invoicing.welcome_preset import get_welcome_preset
from ui.settings.settings_nav import settings_nav
from ui.settings.welcome_preset_form import WelcomePresetForm


async def page() -> None:
    ui.page_title(_('Welcome invoice · Clientbook'))
    settings_nav('/settings/welcome-invoice')
    WelcomePresetForm(await get_welcome_preset(), await get_company_profile(), await list_products())
