"""'New customer': the registration form with live validation, the live summary and the welcome invoice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nicegui import ui

from services.core.errors import DuplicateFound, ValidationFailed
from services.core.i18n import _
from services.customers.categories import CategoryView, list_categories
from services.customers.custom_fields import FieldDefinition, list_definitions
from services.customers.drafts import CustomerDraft, DraftReport, required_for
from services.customers.duplicates import DuplicateMatch
from services.customers.registration import create_customer
from services.customers.registration_settings import CompanySettings, get_company_settings
from services.invoicing.catalogue import ProductView, list_products
from services.invoicing.company_profile import CompanyProfile, get_company_profile
from services.invoicing.invoices import business_today, peek_invoice_number
from services.invoicing.welcome_preset import WelcomePreset, get_welcome_preset
from ui.access.session import current_actor
from ui.common.dialogs import confirm
from ui.customers.duplicate_dialog import confirm_duplicates
from ui.customers.live_form import LiveForm
from ui.customers.paste_contact import PasteContact
from ui.invoicing.welcome_invoice import WelcomeInvoice


async def page() -> None:
    ui.page_title(_('New customer · Clientbook'))
    settings = await get_company_settings()
    categories = await list_categories()
    definitions = await list_definitions()
    profile = await get_company_profile()
    invoicing = Invoicing(
        profile, await list_products(), await peek_invoice_number(business_today(profile)), await get_welcome_preset()
    )
    container = ui.column().classes('w-full')

    def fresh_form() -> None:
        container.clear()
        with container:
            RegistrationForm(settings, categories, definitions, invoicing, on_saved_and_new=fresh_form)

    fresh_form()


@dataclass(frozen=True)
class Invoicing:
    """What the welcome invoice section needs, loaded once per page."""

    profile: CompanyProfile
    products: list[ProductView]
    next_number: str
    preset: WelcomePreset


class RegistrationForm:
    def __init__(
        self,
        settings: CompanySettings,
        categories: list[CategoryView],
        definitions: list[FieldDefinition],
        invoicing: Invoicing,
        on_saved_and_new: Callable[[], None],
    ) -> None:
        actor = current_actor()
        self.settings = settings
        self.draft = CustomerDraft(country=settings.default_country)
        self.confirmed_duplicates: set[int] = set()
        self.saving = False
        self.on_saved_and_new = on_saved_and_new
        self.paste: PasteContact | None = None
        with ui.row().classes('w-full items-center') as header:
            ui.label(_('New customer')).classes('text-h5')
            ui.space()
            ui.label(_('Fields marked * are required')).classes('text-caption text-grey-7')
        self.form = LiveForm(
            self.draft,
            required=required_for(settings.required, actor),
            categories=categories,
            definitions=definitions,
            with_note=actor.can_view_notes,
            on_checked=self.checked,
        )
        with header:
            self.paste = PasteContact(self.form.fields, on_filled=self.form.refresh)
        with self.form.extra:
            self.welcome = WelcomeInvoice(
                invoicing.profile,
                invoicing.products,
                invoicing.next_number,
                on_change=self.form.refresh,
                preset=invoicing.preset,
                country=self.draft.country,
                admin=actor.is_admin,
            )
        with self.form.summary.card:
            self.welcome.add_summary()
        with self.form.actions:
            self.save_button = ui.button(_('Save'), icon='save', on_click=lambda: self.save(and_new=False)).mark('save')
            self.save_new_button = (
                ui.button(_('Save and create new'), on_click=lambda: self.save(and_new=True))
                .props('outline')
                .mark('save-and-new')
            )
            ui.space()
            ui.button(_('Cancel'), on_click=self.cancel).props('flat').mark('cancel')
        self.form.start()

    def checked(self, report: DraftReport) -> None:
        today = business_today(self.welcome.profile)
        self.welcome.follow_country(self.draft.country, self.draft.language)
        if self.paste is not None:
            self.paste.decorate()
        printed = tuple(report.checks[key].display for key in ('contact_person', 'street', 'city'))
        self.welcome.refresh(report.checks['name'].display, today, printed)
        can_save = report.can_save and self.welcome.can_save(today) and not self.saving
        self.save_button.set_enabled(can_save)
        self.save_new_button.set_enabled(can_save)

    async def save(self, *, and_new: bool) -> None:
        if self.saving:
            return
        if not self.form.report().can_save or not self.welcome.can_save(business_today(self.welcome.profile)):
            self.form.reveal_problems()
            ui.notify(_('Please fix the marked fields first.'), type='warning')
            return
        self.saving = True
        self.form.refresh()
        try:
            customer = await create_customer(
                draft=self.draft,
                by=current_actor(),
                confirmed_duplicates=self.confirmed_duplicates,
                welcome=self.welcome.draft if self.welcome.enabled else None,
            )
        except DuplicateFound as error:
            self.saving = False
            self.form.refresh()
            if await self._confirm_duplicates(error.matches):
                await self.save(and_new=and_new)
            return
        except ValidationFailed as error:
            self.saving = False
            self.form.refresh()
            self.form.fields.set_errors(error.errors)
            self.welcome.editor.set_errors(error.errors)
            ui.notify(_('Not saved: please fix the marked fields.'), type='negative')
            return
        except Exception:  # the page's exception handler says so; the buttons come back
            self.saving = False
            self.form.refresh()
            raise
        if self.welcome.enabled:
            saved = _('Customer {number} saved with its welcome invoice').format(number=customer.number)
        else:
            saved = _('Customer {number} saved').format(number=customer.number)
        ui.notify(saved, type='positive')
        if and_new:
            self.on_saved_and_new()
        else:
            ui.navigate.to(f'/customers/{customer.number}')

    async def _confirm_duplicates(self, matches: list[DuplicateMatch]) -> bool:
        ok = await confirm_duplicates(matches)
        if ok:
            self.confirmed_duplicates |= {m.customer_id for m in matches}
        return ok

    async def cancel(self) -> None:
        if self.draft.is_blank(country=self.settings.default_country) or await confirm(
            _('Discard this customer?'),
            [_('What you typed will be lost.')],
            confirm_text=_('Discard'),
            marker='confirm-discard',
        ):
            ui.navigate.to('/customers')
