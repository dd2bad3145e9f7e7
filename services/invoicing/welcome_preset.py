"""Settings -> Welcome invoice: the preset a new customer's welcome invoice starts from.

Shapes:
- `WelcomePreset` (stored as JSON in `Company.welcome_preset`): `lines` (description, quantity, unit, unit price in the
  company's currency, VAT rate in %, all locale-free), `payment_terms_days` (None = the company's default terms),
  `reminders` (the company's reminder schedule on/off), `messages` (language code of `PRESET_LANGUAGES` -> email text;
  a missing or empty one falls back to the company's welcome text), `switch_on` ("Send welcome invoice" starts on).
- `WelcomePresetDraft`: the settings form as typed (lines as `LineDraft`, terms as text).

A preset "is ready" when it has at least one line; the registration form then fills the invoice from it
(`invoice_draft_from`), and the user may still change everything for that one customer. Its prices are in the
`currency` it was saved with: after the company's currency changes, the form does not use it (`missing_text` says so).
"""

from __future__ import annotations

from decimal import Decimal

from babel.core import Locale
from pydantic import BaseModel, ConfigDict, Field

from services.core import audit
from services.core.actors import Actor, require_admin
from services.core.company import company_row
from services.core.errors import ValidationFailed
from services.core.i18n import _, language
from services.core.values.money import Choice, decimal_text, decimals, input_text
from services.core.values.validation import clean
from services.invoicing.company_profile import CompanyProfile
from services.invoicing.drafts import MAX_MESSAGE_LENGTH, InvoiceDraft, LineDraft, check_invoice_draft
from services.invoicing.invoices import business_today
from services.mail.templates import unknown_placeholders

PRESET_LANGUAGES = ('en', 'ko', 'es')
MAX_PRESET_LINES = 20
# Countries whose customers get the Spanish text (ISO 3166 alpha-2); KR gets Korean, every other country English.
SPANISH_COUNTRIES = frozenset(
    ('ES', 'MX', 'AR', 'CO', 'CL', 'PE', 'VE', 'EC', 'GT', 'CU', 'BO', 'DO', 'HN', 'PY', 'SV', 'NI', 'CR', 'PA', 'UY',
     'PR', 'GQ')
)  # fmt: skip


class PresetLine(BaseModel):
    description: str
    quantity: Decimal
    unit: str = ''
    unit_price: Decimal
    vat_rate: Decimal = Decimal(0)


class WelcomePreset(BaseModel):
    lines: list[PresetLine] = Field(default_factory=list)
    payment_terms_days: int | None = None
    reminders: bool = True
    messages: dict[str, str] = Field(default_factory=dict)
    switch_on: bool = False
    currency: str = ''  # the company's currency when the preset was saved ('' before it was recorded)

    @property
    def ready(self) -> bool:
        return bool(self.lines)

    def usable_with(self, currency: str) -> bool:
        """Ready, and its prices are in `currency` (the company's currency now)."""
        return self.ready and self.currency in ('', currency)


class WelcomePresetDraft(BaseModel):
    model_config = ConfigDict(validate_assignment=True)

    lines: list[LineDraft] = Field(default_factory=lambda: [LineDraft()])
    payment_terms: str = ''
    reminders: bool = True
    messages: dict[str, str] = Field(default_factory=dict)
    switch_on: bool = False


def welcome_language(country: str) -> str:
    """The language of the welcome message for a customer in `country`: 'ko' for KR, 'es' for Spanish-speaking
    countries, else 'en' (for customers without a language of their own)."""
    code = clean(country).upper()
    if code == 'KR':
        return 'ko'
    return 'es' if code in SPANISH_COUNTRIES else 'en'


def check_preset(
    draft: WelcomePresetDraft, profile: CompanyProfile, *, locale: Locale | None = None
) -> tuple[WelcomePreset, dict[str, str], dict[str, tuple[Choice, ...]]]:
    """The preset to store, per-field errors (`lines.<i>.<field>`, `lines`, `payment_terms`, `messages.<lang>`,
    `switch_on`) and the readings of ambiguous numbers (keyed like the errors). Pure: the form shows the same verdict.

    Numbers are read with `locale` (default: the current user's), amounts in the company's currency. No lines at all
    is a valid preset (the switch then asks for lines on the form).
    """
    invoice = InvoiceDraft(lines=draft.lines, payment_terms=draft.payment_terms, reminders=draft.reminders)
    report = check_invoice_draft(
        invoice,
        currency=profile.currency,
        today=business_today(profile),
        default_terms=profile.payment_terms_days,
        reminder_days=profile.reminder_days,
        locale=locale,
    )
    errors = {key: message for key, message in report.errors.items() if key != 'lines'}
    for index, problems in report.line_errors.items():
        errors.update({f'lines.{index}.{key}': message for key, message in problems.items()})
    choices = {
        f'lines.{index}.{key}': options
        for index, fields in report.line_choices.items()
        for key, options in fields.items()
    }
    if len(report.lines) > MAX_PRESET_LINES:
        errors['lines'] = _('At most {count} lines').format(count=MAX_PRESET_LINES)
    messages: dict[str, str] = {}
    for code in PRESET_LANGUAGES:
        text = clean(draft.messages.get(code, ''))
        messages[code] = text
        unknown = unknown_placeholders(text)
        if len(text) > MAX_MESSAGE_LENGTH:
            errors[f'messages.{code}'] = _('At most {count} characters').format(count=MAX_MESSAGE_LENGTH)
        elif unknown:
            errors[f'messages.{code}'] = _('Unknown placeholder {names}').format(
                names=', '.join('{' + name + '}' for name in unknown)
            )
    if draft.switch_on and not report.lines:
        errors['switch_on'] = _('Add at least one line for the switch to start on')
    terms = clean(draft.payment_terms)
    preset = WelcomePreset(
        lines=[
            PresetLine(
                description=line.description,
                quantity=line.quantity,
                unit=line.unit,
                unit_price=line.unit_price,
                vat_rate=line.vat_rate,
            )
            for line in report.lines
        ],
        payment_terms_days=report.payment_terms_days if terms and 'payment_terms' not in errors else None,
        reminders=draft.reminders,
        messages={code: text for code, text in messages.items() if text},
        switch_on=draft.switch_on,
        currency=profile.currency,
    )
    return preset, errors, choices


def preset_draft(preset: WelcomePreset, currency: str, *, locale: Locale | None = None) -> WelcomePresetDraft:
    """The settings form pre-filled with the stored preset (numbers as the user would type them)."""
    return WelcomePresetDraft(
        lines=[_line_draft(line, currency, locale) for line in preset.lines] or [LineDraft()],
        payment_terms='' if preset.payment_terms_days is None else str(preset.payment_terms_days),
        reminders=preset.reminders,
        messages=dict(preset.messages),
        switch_on=preset.switch_on,
    )


def invoice_draft_from(
    preset: WelcomePreset, profile: CompanyProfile, code: str, *, locale: Locale | None = None
) -> InvoiceDraft:
    """A welcome invoice filled from the preset: its lines, terms, reminders and the message in language `code`
    (falling back to the company's welcome text)."""
    return InvoiceDraft(
        lines=[_line_draft(line, profile.currency, locale) for line in preset.lines] or [LineDraft()],
        payment_terms='' if preset.payment_terms_days is None else str(preset.payment_terms_days),
        reminders=preset.reminders,
        message=preset_message(preset, profile, code),
    )


def preset_message(preset: WelcomePreset, profile: CompanyProfile, code: str) -> str:
    """The preset's text in language `code`, else the company's welcome text for it (Settings -> Company)."""
    if preset.messages.get(code):
        return preset.messages[code]
    with language(code):  # the built-in default text is translated into the customer's language
        return profile.welcome_text(code)[1]


def missing_text(preset: WelcomePreset, currency: str) -> str:
    """One line saying what a welcome invoice still lacks to fill itself ('' when the preset can be used)."""
    if not preset.ready:
        return _('No default lines for the welcome invoice yet: type them here, or set them once in the settings.')
    if not preset.usable_with(currency):
        return _(
            'The welcome invoice preset has prices in {old}, invoices are now in {new}: check it in the settings.'
        ).format(old=preset.currency, new=currency)
    return ''


async def get_welcome_preset() -> WelcomePreset:
    company = await company_row()
    return WelcomePreset.model_validate(company.welcome_preset) if company.welcome_preset else WelcomePreset()


async def update_welcome_preset(
    *, draft: WelcomePresetDraft, profile: CompanyProfile, by: Actor, locale: Locale | None = None
) -> WelcomePreset:
    """Store the preset (admins only; recorded in the audit log).

    Raises:
        PermissionDenied: `by` is not an admin.
        ValidationFailed: see `check_preset` for the keys.
    """
    require_admin(by)
    preset, errors, choices = check_preset(draft, profile, locale=locale)
    if errors:
        raise ValidationFailed(errors, choices=choices)
    company = await company_row()
    old = company.welcome_preset
    new = preset.model_dump(mode='json')
    if old != new:
        company.welcome_preset = new
        await company.save(update_fields=['welcome_preset', 'updated_at'])
        await audit.record(
            'settings.change', by=by, entity='company', entity_id=company.id, field='welcome_preset',
            old=_summary(old), new=_summary(new),
        )  # fmt: skip
    return preset


def _summary(stored: dict[str, object] | None) -> str:
    if not stored:
        return ''
    preset = WelcomePreset.model_validate(stored)
    lines = '; '.join(
        f'{decimal_text(line.quantity)} x {line.description} @ {decimal_text(line.unit_price)}' for line in preset.lines
    )
    return f'{lines} | terms={preset.payment_terms_days} reminders={preset.reminders} on={preset.switch_on}'


def _line_draft(line: PresetLine, currency: str, locale: Locale | None) -> LineDraft:
    return LineDraft(
        description=line.description,
        quantity=input_text(line.quantity, locale=locale),
        unit=line.unit,
        unit_price=input_text(line.unit_price, places=decimals(currency), locale=locale),
        vat_rate=input_text(line.vat_rate, locale=locale),
    )
