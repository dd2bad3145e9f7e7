"""Settings -> General: the default country and which customer fields are required (admins only)."""

from __future__ import annotations

from nicegui import ui

from services.core.i18n import _
from services.core.values.countries import countries
from services.customers.fields import ALWAYS_REQUIRED, FIELDS_BY_KEY, OPTIONALLY_REQUIRED
from services.customers.registration_settings import get_company_settings, set_default_country, set_required_fields
from ui.access.session import current_actor
from ui.common.autocomplete_select import AutocompleteSelect
from ui.settings.settings_nav import settings_nav


async def page() -> None:
    ui.page_title(_('Settings · Clientbook'))
    settings = await get_company_settings()
    settings_nav('/settings')

    with ui.card().classes('w-full max-w-2xl'):
        ui.label(_('Company')).classes('text-subtitle1 text-weight-medium')

        async def country_changed(code: str | None) -> None:
            if code:
                await set_default_country(code, by=current_actor())
                ui.notify(_('Default country saved'), type='positive')

        AutocompleteSelect(
            countries(),
            label=_('Default country for new customers'),
            value=settings.default_country,
            with_input=True,
            on_change=lambda e: country_changed(e.value),
        ).classes('w-full').mark('default-country')

    with ui.card().classes('w-full max-w-2xl').mark('customer-fields'):
        ui.label(_('Customer fields')).classes('text-subtitle1 text-weight-medium')
        ui.label(_('Required fields carry * in the registration form and must be filled before saving.')).classes(
            'text-body2 text-grey-8'
        )
        always = ', '.join(FIELDS_BY_KEY[key].label for key in sorted(ALWAYS_REQUIRED))
        ui.label(_('Always required: {always}.').format(always=always)).classes('text-body2 text-grey-8')
        chosen = set(settings.required)
        boxes: dict[str, ui.checkbox] = {}

        async def save() -> None:
            keys = [key for key, box in boxes.items() if box.value]
            await set_required_fields(keys, by=current_actor())
            ui.notify(_('Required fields saved'), type='positive')

        for spec in OPTIONALLY_REQUIRED:
            boxes[spec.key] = (
                ui.checkbox(spec.label, value=spec.key in chosen, on_change=save)
                .props('dense')
                .mark(f'required-{spec.key}')
            )
