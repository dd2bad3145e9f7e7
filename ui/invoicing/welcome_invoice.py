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
from services.pdf.fonts import unprintable
from ui.invoicing.invoice_editor import InvoiceEditor
from ui.invoicing.invoice_summary import InvoiceSummary, email_preview


class WelcomeInvoice:
    def __init__(
        self, profile: CompanyProfile, products: list[ProductView], next_number: str, on_change: Callable[[], None]
    ) -> None:
        self.profile = profile
        self.next_number = next_number
        self.on_change = on_change
        self.draft = InvoiceDraft(message=profile.welcome_body)
        self.summary: InvoiceSummary | None = None
        with ui.card().classes('w-full').mark('welcome-invoice'):
            ui.switch(_('Send welcome invoice'), on_change=self._toggled).mark('send-welcome')
            with ui.column().classes('w-full') as self.body:
                ui.label(
                    _('The invoice and its email are saved with the customer and sent from the outbox right after.')
                ).classes('text-caption text-grey-7')
                self.editor = InvoiceEditor(self.draft, products, profile, on_change)
            self.body.set_visibility(False)

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
                report, self.profile, customer_name=customer_name, number=self.next_number, welcome=True
            )
            self.summary.show(report, preview, self.next_number, unprintable=unprintable(customer_name, *printed))

    def _toggled(self, event: ValueChangeEventArguments) -> None:
        self.body.set_visibility(bool(event.value))
        if self.summary is not None:
            self.summary.container.set_visibility(bool(event.value))
        self.on_change()
