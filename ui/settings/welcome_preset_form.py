"""Settings -> Welcome invoice: default lines (catalogue or typed), terms, reminders, message per language, switch."""

from __future__ import annotations

from nicegui import ui

from services.core.errors import ClientbookError, ValidationFailed
from services.core.i18n import LANGUAGES, _
from services.invoicing.catalogue import ProductView
from services.invoicing.company_profile import CompanyProfile
from services.invoicing.drafts import InvoiceDraft
from services.invoicing.invoices import business_today, check_invoice
from services.invoicing.welcome_preset import (
    PRESET_LANGUAGES,
    WelcomePreset,
    WelcomePresetDraft,
    check_preset,
    preset_draft,
    update_welcome_preset,
)
from services.mail.templates import PLACEHOLDERS
from ui.access.session import current_actor
from ui.invoicing.invoice_editor import InvoiceEditor


class WelcomePresetForm:
    def __init__(self, preset: WelcomePreset, profile: CompanyProfile, products: list[ProductView]) -> None:
        self.profile = profile
        stored = preset_draft(preset, profile.currency)
        self.invoice = InvoiceDraft(lines=stored.lines, payment_terms=stored.payment_terms, reminders=stored.reminders)
        self.messages = dict(stored.messages)
        self.message_inputs: dict[str, ui.textarea] = {}
        with ui.card().classes('w-full max-w-4xl').mark('welcome-preset'):
            ui.label(_('Welcome invoice')).classes('text-subtitle1 text-weight-medium')
            ui.label(
                _(
                    'New customers start with this invoice when "Send welcome invoice" is on; '
                    'it can still be changed for each customer.'
                )
            ).classes('text-body2 text-grey-8')
            self.switch_on = ui.switch(
                _('"Send welcome invoice" starts on for new customers'),
                value=stored.switch_on,
                on_change=lambda _event: self._check(),
            ).mark('preset-switch-on')
            self.switch_error = ui.label('').classes('text-negative text-caption').mark('preset-switch-error')
            ui.label(_('Default lines')).classes('text-subtitle2')
            self.editor = InvoiceEditor(self.invoice, products, profile, self._check)
            self.editor.message.set_visibility(False)
            ui.label(_('Welcome email text per language (empty: the text from Settings -> Company)')).classes(
                'text-subtitle2'
            )
            for code in PRESET_LANGUAGES:
                self.message_inputs[code] = (
                    ui.textarea(
                        LANGUAGES.get(code, code),
                        value=self.messages.get(code, ''),
                        placeholder=profile.welcome_body,
                        on_change=lambda e, code=code: self._set_message(code, e.value or ''),
                    )
                    .without_auto_validation()
                    .classes('w-full')
                    .props('autogrow')
                    .mark(f'preset-message-{code}')
                )
            placeholders = ', '.join('{' + name + '}' for name in PLACEHOLDERS)
            ui.label(_('Placeholders: {names}').format(names=placeholders)).classes('text-caption text-grey-7')
            ui.button(_('Save welcome invoice'), icon='save', on_click=self._save).mark('preset-save')
        self._check()

    def draft(self) -> WelcomePresetDraft:
        return WelcomePresetDraft(
            lines=self.invoice.lines,
            payment_terms=self.invoice.payment_terms,
            reminders=self.invoice.reminders,
            messages=self.messages,
            switch_on=bool(self.switch_on.value),
        )

    def _set_message(self, code: str, value: str) -> None:
        self.messages[code] = value
        self._check()

    def _check(self) -> None:
        _preset, errors, _choices = check_preset(self.draft(), self.profile)
        self._show(errors)

    def _show(self, errors: dict[str, str]) -> None:
        report = check_invoice(self.invoice, self.profile, business_today(self.profile))
        self.editor.show(report)
        for code, element in self.message_inputs.items():
            element.error = errors.get(f'messages.{code}')
        self.switch_error.set_text(errors.get('switch_on', ''))

    async def _save(self) -> None:
        try:
            await update_welcome_preset(draft=self.draft(), profile=self.profile, by=current_actor())
        except ValidationFailed as error:
            self._show(error.errors)
            self.editor.set_errors({f'invoice.{key}': message for key, message in error.errors.items()})
            ui.notify(_('Not saved: please fix the marked fields.'), type='negative')
            return
        except ClientbookError as error:
            ui.notify(str(error), type='negative')
            return
        ui.notify(_('Welcome invoice saved'), type='positive')
