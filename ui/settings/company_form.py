"""Settings -> Company: details, logo, brand colour, sender, payment terms, templates, reminders, test email."""

from __future__ import annotations

from nicegui import events, ui

from services.core.clock import server_zone_name, time_zone_names
from services.core.errors import ClientbookError, ValidationFailed
from services.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, _
from services.invoicing.company_profile import (
    CompanyProfile,
    check_profile,
    profile_draft,
    remove_company_logo,
    set_company_logo,
    update_company_profile,
)
from services.invoicing.email_check import send_test_email
from services.mail.smtp import Outcome
from services.mail.templates import PLACEHOLDERS
from ui.access.session import current_actor
from ui.common.autocomplete_select import AutocompleteSelect
from ui.runtime import mailer

TEXT_FIELDS = (
    ('name', N_('Business name'), 'input'),
    ('address', N_('Address (as printed on invoices)'), 'textarea'),
    ('tax_id', N_('Tax ID / VAT number'), 'input'),
    ('sender_name', N_('Sender name'), 'input'),
    ('sender_email', N_('Sender email address'), 'input'),
    ('payment_instructions', N_('Bank / payment instructions'), 'textarea'),
    ('currency', N_('Currency (ISO code)'), 'input'),
    ('payment_terms_days', N_('Default payment terms (days)'), 'input'),
    ('reminder_days', N_('Payment reminders (days after the due date)'), 'input'),
    ('welcome_subject', N_('Welcome email subject'), 'input'),
    ('welcome_body', N_('Welcome email text'), 'textarea'),
)


class CompanyForm:
    def __init__(self, profile: CompanyProfile) -> None:
        self.draft = profile_draft(profile)
        self.inputs: dict[str, ui.input | ui.textarea | ui.select] = {}
        with ui.card().classes('w-full max-w-3xl').mark('company-profile'):
            ui.label(_('Company, invoices and email')).classes('text-subtitle1 text-weight-medium')
            with ui.row().classes('items-center gap-4'):
                self.logo = ui.image().classes('w-40 h-16 bg-grey-2').props('fit=contain').mark('company-logo')
                self._show_logo(profile.logo_sha256)
                # Hidden uploader behind a plain button (Quasar's own nests its file input in a button: axe
                # nested-interactive); the size and type are checked again on the server.
                upload = ui.upload(
                    auto_upload=True,
                    max_file_size=1_000_000,
                    on_upload=self._upload,
                    on_rejected=lambda: ui.notify(_('Logo (PNG or JPEG, up to 1 MB)'), type='warning'),
                )
                upload.props('accept=.png,.jpg,.jpeg,image/png,image/jpeg').classes('hidden').mark('logo-upload')
                ui.button(
                    _('Logo (PNG or JPEG, up to 1 MB)'), icon='image', on_click=lambda: upload.run_method('pickFiles')
                ).props('outline no-caps').mark('logo-choose')
                ui.button(_('Remove logo'), on_click=self._remove_logo).props('flat dense')
            for key, label, kind in TEXT_FIELDS:
                factory = ui.textarea if kind == 'textarea' else ui.input
                element = factory(
                    _(label), value=getattr(self.draft, key), on_change=lambda e, key=key: self._set(key, e.value or '')
                )
                element.without_auto_validation().classes('w-full').mark(f'company-{key}')
                if kind == 'textarea':
                    element.props('autogrow')
                self.inputs[key] = element
            server = server_zone_name()
            zones = {'': _("The server's time zone ({zone})").format(zone=server)} | {
                name: name for name in time_zone_names()
            }
            self.inputs['time_zone'] = (
                AutocompleteSelect(
                    zones,
                    label=_('Time zone (invoice dates, reminders at 09:00)'),
                    value=self.draft.time_zone if self.draft.time_zone in zones else '',
                    with_input=True,
                    on_change=lambda e: self._set('time_zone', e.value or ''),
                )
                .without_auto_validation()
                .classes('w-full')
                .mark('company-time_zone')
            )
            self.inputs['language'] = (
                ui.select(
                    dict(LANGUAGES),
                    label=_('Language of the business (customers receive invoices and emails in it by default)'),
                    value=self.draft.language if self.draft.language in LANGUAGES else DEFAULT_LANGUAGE,
                    on_change=lambda e: self._set('language', e.value or ''),
                )
                .without_auto_validation()
                .classes('w-full')
                .mark('company-language')
            )
            with (
                ui.expansion(_('Welcome email per language'), icon='translate')
                .classes('w-full')
                .mark('company-welcome-texts')
            ):
                ui.label(
                    _('A customer gets the text of their language; where it is empty, the welcome email text above.')
                ).classes('text-caption text-grey-7')
                for code, name in LANGUAGES.items():
                    text = self.draft.welcome_texts.get(code, {})
                    for part, caption, factory in (
                        ('subject', _('Welcome email subject ({language})'), ui.input),
                        ('body', _('Welcome email text ({language})'), ui.textarea),
                    ):
                        element = factory(
                            caption.format(language=name),
                            value=text.get(part, ''),
                            on_change=lambda e, code=code, part=part: self._set_text(code, part, e.value or ''),
                        )
                        element.without_auto_validation().classes('w-full').mark(f'company-welcome_{part}_{code}')
                        self.inputs[f'welcome_{part}_{code}'] = element
            self.colour = (
                ui.input(  # the browser's own colour picker: one control, reachable and named (no nested button)
                    _('Brand colour'),
                    value=self.draft.brand_colour,
                    on_change=lambda e: self._set('brand_colour', e.value or ''),
                )
                .props('type=color')
                .classes('w-48')
                .mark('company-brand_colour')
            )
            placeholders = ', '.join(f'{{{name}}} ({meaning})' for name, meaning in PLACEHOLDERS.items())
            ui.label(_('Placeholders: {placeholders}').format(placeholders=placeholders)).classes(
                'text-caption text-grey-7'
            )
            with ui.row().classes('w-full'):
                ui.button(_('Save company settings'), icon='save', on_click=self._save).mark('company-save')
        with ui.card().classes('w-full max-w-3xl').mark('test-email'):
            ui.label(_('Send a test email')).classes('text-subtitle1 text-weight-medium')
            with ui.row().classes('w-full items-start gap-2'):
                self.recipient = ui.input(_('Send to')).without_auto_validation().classes('w-80').mark('test-recipient')
                ui.button(_('Send test email'), icon='send', on_click=self._test).mark('test-send')
            self.result = ui.label('').classes('text-body2').mark('test-result')

    def _set_text(self, code: str, part: str, value: str) -> None:
        texts = {key: dict(text) for key, text in self.draft.welcome_texts.items()}
        texts.setdefault(code, {})[part] = value
        self._set('welcome_texts', texts)

    def _set(self, key: str, value: object) -> None:
        setattr(self.draft, key, value)
        _, errors = check_profile(self.draft)
        for field, element in self.inputs.items():
            element.error = errors.get(field)
        self.colour.error = errors.get('brand_colour')

    async def _save(self) -> None:
        try:
            await update_company_profile(draft=self.draft, by=current_actor())
        except ValidationFailed as error:
            for key, element in self.inputs.items():
                element.error = error.errors.get(key)
            ui.notify(_('Not saved: please fix the marked fields.'), type='negative')
            return
        except ClientbookError as error:
            ui.notify(str(error), type='negative')
            return
        ui.notify(_('Company settings saved'), type='positive')

    async def _upload(self, event: events.UploadEventArguments) -> None:
        try:
            profile = await set_company_logo(data=await event.file.read(), by=current_actor())
        except ValidationFailed as error:
            ui.notify(error.errors.get('logo', 'The logo was refused'), type='negative')
            return
        except ClientbookError as error:
            ui.notify(str(error), type='negative')
            return
        self._show_logo(profile.logo_sha256)
        event.sender.reset()  # type: ignore[attr-defined]
        ui.notify(_('Logo saved'), type='positive')

    async def _remove_logo(self) -> None:
        try:
            await remove_company_logo(by=current_actor())
        except ClientbookError as error:
            ui.notify(str(error), type='negative')
            return
        self._show_logo(None)

    def _show_logo(self, sha256: str | None) -> None:
        self.logo.set_source(f'/downloads/logo/{sha256}' if sha256 else '')

    async def _test(self) -> None:
        self.result.set_text(_('Sending…'))
        try:
            result = await send_test_email(mailer(), recipient=self.recipient.value or '', by=current_actor())
        except ValidationFailed as error:
            self.recipient.error = error.errors.get('recipient')
            self.result.set_text('')
            return
        except ClientbookError as error:
            self.result.set_text(str(error))
            return
        self.recipient.error = None
        if result.outcome == Outcome.SENT:
            if mailer().dev_mailbox:
                self.result.set_text(_('✔ Sent: the development mailbox (see Mailbox) accepted the test email.'))
            else:
                self.result.set_text(_('✔ Sent: the mail server accepted the test email.'))
        else:
            self.result.set_text(
                _('✘ Not sent ({outcome}): {detail}').format(outcome=result.outcome.value, detail=result.detail)
            )
