"""'Send welcome invoice' in the registration form: a switch, the invoice editor, and its part of the summary."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from nicegui import ui
from nicegui.events import ValueChangeEventArguments

from services.core.i18n import _
from services.invoicing.catalogue import ProductView
from services.invoicing.company_profile import CompanyProfile
from services.invoicing.drafts import InvoiceDraft, InvoiceReport
from services.invoicing.invoices import check_invoice
from services.invoicing.welcome_preset import (
    WelcomePreset,
    invoice_draft_from,
    missing_text,
    preset_message,
    welcome_language,
)
from services.pdf.fonts import unprintable
from ui.invoicing.invoice_editor import InvoiceEditor
from ui.invoicing.invoice_summary import InvoiceSummary, email_preview


class WelcomeInvoice:
    def __init__(
        self,
        profile: CompanyProfile,
        products: list[ProductView],
        next_number: str,
        on_change: Callable[[], None],
        *,
        preset: WelcomePreset | None = None,
        country: str = '',
        admin: bool = False,
    ) -> None:
        self.profile = profile
        self.next_number = next_number
        self.on_change = on_change
        self.preset = preset or WelcomePreset()
        self.language = welcome_language(country)
        self.customer_language = ''  # the customer's chosen language ('' = the company's)
        self.usable = self.preset.usable_with(profile.currency)
        if self.usable:
            self.draft = invoice_draft_from(self.preset, profile, self.language)
        else:
            self.draft = InvoiceDraft(message=profile.welcome_body)
        self.summary: InvoiceSummary | None = None
        starts_on = self.usable and self.preset.switch_on
        with ui.card().classes('w-full').mark('welcome-invoice'):
            ui.switch(_('Send welcome invoice'), value=starts_on, on_change=self._toggled).mark('send-welcome')
            with ui.column().classes('w-full') as self.body:
                if not self.usable:
                    self._missing_line(admin)
                ui.label(
                    _('The invoice and its email are saved with the customer and sent from the outbox right after.')
                ).classes('text-caption text-grey-7')
                self.editor = InvoiceEditor(self.draft, products, profile, on_change)
            self.body.set_visibility(starts_on)

    def _missing_line(self, admin: bool) -> None:
        with ui.row().classes('w-full items-center gap-2 text-body2').mark('welcome-missing'):
            ui.icon('info', color='warning')
            ui.label(missing_text(self.preset, self.profile.currency))
            if admin:
                ui.link(_('Settings → Welcome invoice'), '/settings/welcome-invoice').mark('welcome-settings-link')
            else:
                ui.label(_('(an admin can set them)')).classes('text-grey-7')

    def follow_country(self, country: str, customer_language: str = '') -> None:
        """Switch the preset's message to the customer's language (chosen, else that of `country`), unless the user
        has changed the message."""
        self.customer_language = customer_language
        language = customer_language or welcome_language(country)
        if language == self.language or not self.usable:
            return
        before = preset_message(self.preset, self.profile, self.language)
        self.language = language
        if self.draft.message == before:
            self.editor.message.set_value(preset_message(self.preset, self.profile, language))

    @property
    def enabled(self) -> bool:
        return self.body.visible

    def add_summary(self) -> None:
        """Create the summary part (call inside the summary column)."""
        self.summary = InvoiceSummary()
        self.summary.container.set_visibility(self.enabled)

    def report(self, today: date) -> InvoiceReport:
        return check_invoice(self.draft, self.profile, today)

    def can_save(self, today: date) -> bool:
        return not self.enabled or self.report(today).can_save

    def refresh(self, customer_name: str, today: date, printed: tuple[str, ...] = ()) -> None:
        """Show the invoice's verdict; `printed` are the customer's values the PDF will print (checked for glyphs)."""
        if not self.enabled:
            return
        report = self.report(today)
        self.editor.show(report)
        if self.summary is not None:
            preview = email_preview(
                report,
                self.profile,
                customer_name=customer_name,
                number=self.next_number,
                welcome=True,
                customer_language=self.customer_language,
            )
            self.summary.show(report, preview, self.next_number, unprintable=unprintable(customer_name, *printed))

    def _toggled(self, event: ValueChangeEventArguments) -> None:
        self.body.set_visibility(bool(event.value))
        if self.summary is not None:
            self.summary.container.set_visibility(bool(event.value))
        self.on_change()
