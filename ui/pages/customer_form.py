"""'New customer': the registration form with live validation and the live summary."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from nicegui import background_tasks, ui

from services.catalogue import ProductView, list_products
from services.categories import CategoryView, list_categories
from services.clock import system_clock
from services.company import CompanySettings, get_company_settings
from services.company_profile import CompanyProfile, get_company_profile
from services.customers import create_customer
from services.drafts import CustomerDraft, DraftReport, check_draft
from services.duplicates import DuplicateMatch, find_duplicates
from services.errors import DuplicateFound, ValidationFailed
from services.invoices import peek_invoice_number
from services.validation import Status

from ..components.customer_fields import CustomerFields
from ..components.dialogs import confirm
from ..components.summary_card import SummaryCard
from ..components.welcome_invoice import WelcomeInvoice
from ..session import current_actor

DUPLICATE_CHECK_DELAY = 0.3


async def page() -> None:
    ui.page_title('New customer · Clientbook')
    settings = await get_company_settings()
    categories = await list_categories()
    invoicing = Invoicing(await get_company_profile(), await list_products(), await peek_invoice_number(_today()))
    container = ui.column().classes('w-full')

    def fresh_form() -> None:
        container.clear()
        with container:
            RegistrationForm(settings, categories, invoicing, on_saved_and_new=fresh_form)

    fresh_form()


@dataclass(frozen=True)
class Invoicing:
    """What the welcome invoice section needs, loaded once per page."""

    profile: CompanyProfile
    products: list[ProductView]
    next_number: str


class RegistrationForm:
    def __init__(
        self,
        settings: CompanySettings,
        categories: list[CategoryView],
        invoicing: Invoicing,
        on_saved_and_new: Callable[[], None],
    ) -> None:
        self.settings = settings
        self.draft = CustomerDraft(country=settings.default_country)
        self.confirmed_duplicates: set[int] = set()
        self.saving = False
        self.generation = 0
        self.on_saved_and_new = on_saved_and_new
        with ui.row().classes('w-full items-center'):
            ui.label('New customer').classes('text-h5')
            ui.space()
            ui.label('Fields marked * are required').classes('text-caption text-grey-7')
        with ui.element('div').classes('w-full grid grid-cols-1 lg:grid-cols-3 gap-4 items-start'):
            with ui.column().classes('lg:col-span-2 w-full gap-4'):
                self.fields = CustomerFields(self.draft, settings.required, categories, on_change=self.changed)
                self.welcome = WelcomeInvoice(
                    invoicing.profile, invoicing.products, invoicing.next_number, on_change=self.refresh
                )
                with ui.row().classes('w-full gap-2'):
                    self.save_button = ui.button('Save', icon='save', on_click=lambda: self.save(and_new=False)).mark(
                        'save'
                    )
                    self.save_new_button = (
                        ui.button('Save and create new', on_click=lambda: self.save(and_new=True))
                        .props('outline')
                        .mark('save-and-new')
                    )
                    ui.space()
                    ui.button('Cancel', on_click=self.cancel).props('flat').mark('cancel')
            with ui.column().classes('w-full lg:sticky lg:top-4'):
                self.summary = SummaryCard()
                with self.summary.card:
                    self.welcome.add_summary()
        self.refresh()

    def report(self) -> DraftReport:
        return check_draft(self.draft, self.settings.required)

    def changed(self) -> None:
        self.refresh()
        self.generation += 1
        background_tasks.create(self._check_duplicates_later(self.generation), name='duplicate check')

    def refresh(self) -> None:
        report = self.report()
        self.fields.show(report)
        self.summary.show(report)
        self.welcome.refresh(report.checks['name'].display, _today())
        can_save = report.can_save and self.welcome.can_save(_today()) and not self.saving
        self.save_button.set_enabled(can_save)
        self.save_new_button.set_enabled(can_save)

    async def _check_duplicates_later(self, generation: int) -> None:
        await asyncio.sleep(DUPLICATE_CHECK_DELAY)
        if generation != self.generation or self.summary.duplicates.is_deleted:
            return
        matches = await self._duplicates(self.report())
        if generation == self.generation and not self.summary.duplicates.is_deleted:
            self.summary.show_duplicates(matches)

    @staticmethod
    async def _duplicates(report: DraftReport) -> list[DuplicateMatch]:
        def usable(key: str) -> str:
            check = report.checks[key]
            return str(check.value) if check.status in (Status.OK, Status.HINT) else ''

        return await find_duplicates(
            email=usable('email'), tax_id=usable('tax_id'), phone=usable('phone'), name=usable('name')
        )

    async def save(self, *, and_new: bool) -> None:
        if self.saving:
            return
        report = self.report()
        if not report.can_save or not self.welcome.can_save(_today()):
            self.fields.reveal_missing = True
            self.fields.show(report)
            ui.notify('Please fix the marked fields first.', type='warning')
            return
        self.saving = True
        self.refresh()
        try:
            customer = await create_customer(
                draft=self.draft,
                by=current_actor(),
                confirmed_duplicates=self.confirmed_duplicates,
                welcome=self.welcome.draft if self.welcome.enabled else None,
            )
        except DuplicateFound as error:
            self.saving = False
            self.refresh()
            if await self._confirm_duplicates(error.matches):
                await self.save(and_new=and_new)
            return
        except ValidationFailed as error:
            self.saving = False
            self.refresh()
            self.fields.set_errors(error.errors)
            self.welcome.editor.set_errors(error.errors)
            ui.notify('Not saved: please fix the marked fields.', type='negative')
            return
        sent = ' with its welcome invoice' if self.welcome.enabled else ''
        ui.notify(f'Customer {customer.number} saved{sent}', type='positive')
        if and_new:
            self.on_saved_and_new()
        else:
            ui.navigate.to(f'/customers/{customer.number}')

    async def _confirm_duplicates(self, matches: list[DuplicateMatch]) -> bool:
        lines = [f'{m.number} {m.name} ({m.reason_text}{", archived" if m.archived else ""})' for m in matches]
        ok = await confirm(
            'This may be a customer you already have',
            ['Already registered:', *lines, 'Save this customer anyway?'],
            confirm_text='Save anyway',
            marker='confirm-duplicate',
        )
        if ok:
            self.confirmed_duplicates |= {m.customer_id for m in matches}
        return ok

    async def cancel(self) -> None:
        if self.draft.is_blank(country=self.settings.default_country) or await confirm(
            'Discard this customer?', ['What you typed will be lost.'], confirm_text='Discard', marker='confirm-discard'
        ):
            ui.navigate.to('/customers')


def _today() -> date:
    return system_clock().date()
