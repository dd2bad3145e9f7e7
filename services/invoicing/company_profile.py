"""What invoices and emails say about the business: name, address, logo, colour, sender, terms and templates."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field

from models import Company, Logo
from services.core import audit
from services.core.actors import Actor, require_admin
from services.core.clock import is_time_zone, remember_company_zone, server_zone_name
from services.core.company import company_row
from services.core.errors import NotFound, ValidationFailed
from services.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, _
from services.core.values.money import is_currency
from services.core.values.validation import Status, check_email, clean, whole_number
from services.invoicing.logo import check_logo
from services.mail.templates import DEFAULT_WELCOME_BODY, DEFAULT_WELCOME_SUBJECT, unknown_placeholders

DEFAULT_REMINDER_DAYS = (1, 3, 7)
MAX_REMINDERS = 5
HEX_COLOUR = re.compile(r'^#[0-9a-f]{6}$')
PROFILE_FIELDS = (
    'name',
    'address',
    'tax_id',
    'brand_colour',
    'sender_name',
    'sender_email',
    'payment_instructions',
    'currency',
    'payment_terms_days',
    'welcome_subject',
    'welcome_body',
    'reminder_days',
    'time_zone',
    'language',
    'welcome_texts',
)


class CompanyProfile(BaseModel):
    """The effective values: empty templates and schedules fall back to the defaults."""

    name: str
    address: str
    tax_id: str
    logo_sha256: str | None
    brand_colour: str
    sender_name: str
    sender_email: str
    payment_instructions: str
    currency: str
    payment_terms_days: int
    welcome_subject: str
    welcome_body: str
    reminder_days: list[int]
    time_zone: str = ''  # IANA name; '' = the server's zone (`services.core.clock.zone`)
    language: str = DEFAULT_LANGUAGE  # what customers receive unless they have a language of their own
    welcome_texts: dict[str, dict[str, str]] = Field(default_factory=dict)  # code -> {'subject', 'body'}

    def welcome_text(self, code: str) -> tuple[str, str]:
        """The welcome email's subject and body templates for a customer speaking `code`: the company's text for that
        language, else its single text; the built-in default text is translated (call inside `language(code)`)."""
        own = self.welcome_texts.get(code, {})
        subject = own.get('subject') or self.welcome_subject
        body = own.get('body') or self.welcome_body
        return (
            _(DEFAULT_WELCOME_SUBJECT) if subject == DEFAULT_WELCOME_SUBJECT else subject,
            _(DEFAULT_WELCOME_BODY) if body == DEFAULT_WELCOME_BODY else body,
        )

    @property
    def display_name(self) -> str:
        return self.name or 'Clientbook'

    @property
    def effective_time_zone(self) -> str:
        return self.time_zone or server_zone_name()


class CompanyProfileDraft(BaseModel):
    """The Settings -> Company form as typed."""

    name: str = ''
    address: str = ''
    tax_id: str = ''
    brand_colour: str = '#1e4e79'
    sender_name: str = ''
    sender_email: str = ''
    payment_instructions: str = ''
    currency: str = 'EUR'
    payment_terms_days: str = '14'
    welcome_subject: str = DEFAULT_WELCOME_SUBJECT
    welcome_body: str = DEFAULT_WELCOME_BODY
    reminder_days: str = '1, 3, 7'
    time_zone: str = ''
    language: str = DEFAULT_LANGUAGE
    welcome_texts: dict[str, dict[str, str]] = Field(default_factory=dict)


class LogoData(BaseModel):
    sha256: str
    content_type: str
    data: bytes


async def get_company_profile() -> CompanyProfile:
    return _profile(await company_row())


def profile_draft(profile: CompanyProfile) -> CompanyProfileDraft:
    """The form pre-filled with the stored profile."""
    return CompanyProfileDraft(
        **profile.model_dump(exclude={'logo_sha256', 'payment_terms_days', 'reminder_days'}),
        payment_terms_days=str(profile.payment_terms_days),
        reminder_days=', '.join(str(day) for day in profile.reminder_days),
    )


def check_profile(draft: CompanyProfileDraft) -> tuple[dict[str, Any], dict[str, str]]:
    """Normalised values and per-field errors (pure: the form shows them live, the save path repeats them)."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for key, limit in (('name', 200), ('tax_id', 40), ('sender_name', 100), ('welcome_subject', 200)):
        values[key] = ' '.join(clean(getattr(draft, key)).split())
        if len(values[key]) > limit:
            errors[key] = _('At most {limit} characters').format(limit=limit)
    for key, limit in (('address', 1000), ('payment_instructions', 2000), ('welcome_body', 5000)):
        values[key] = clean(getattr(draft, key))
        if len(values[key]) > limit:
            errors[key] = _('At most {limit} characters').format(limit=limit)
    colour = clean(draft.brand_colour).lower()
    values['brand_colour'] = colour
    if not HEX_COLOUR.match(colour):
        errors['brand_colour'] = _('A colour like #1e4e79')
    email = check_email(draft.sender_email)
    values['sender_email'] = email.value if email.status == Status.OK else clean(draft.sender_email)
    if email.status == Status.ERROR:
        errors['sender_email'] = email.message
    values['currency'] = clean(draft.currency).upper()
    if not is_currency(values['currency']):
        errors['currency'] = _('An ISO currency code such as EUR, USD or KRW')
    terms = clean(draft.payment_terms_days)
    days_of_terms = whole_number(terms, maximum=365)
    values['payment_terms_days'] = days_of_terms or 0
    if days_of_terms is None:
        errors['payment_terms_days'] = _('Whole days between 0 and 365')
    for key in ('welcome_subject', 'welcome_body'):
        unknown = unknown_placeholders(values[key])
        if unknown:
            errors[key] = _('Unknown placeholder {names}').format(names=', '.join(f'{{{name}}}' for name in unknown))
    values['time_zone'] = clean(draft.time_zone)
    if values['time_zone'] and not is_time_zone(values['time_zone']):
        errors['time_zone'] = _('An IANA time zone such as Europe/Berlin or Asia/Seoul')
    values['language'] = clean(draft.language).lower() or DEFAULT_LANGUAGE
    if values['language'] not in LANGUAGES:
        errors['language'] = _('One of {languages}').format(languages=', '.join(LANGUAGES.values()))
    values['welcome_texts'] = {}
    for code, text in draft.welcome_texts.items():
        subject = ' '.join(clean(text.get('subject', '')).split())
        body = clean(text.get('body', ''))
        if code not in LANGUAGES or not (subject or body):
            continue
        values['welcome_texts'][code] = {'subject': subject, 'body': body}
        for key, value, limit in (('subject', subject, 200), ('body', body, 5000)):
            unknown = unknown_placeholders(value)
            if unknown:
                errors[f'welcome_{key}_{code}'] = _('Unknown placeholder {names}').format(
                    names=', '.join(f'{{{name}}}' for name in unknown)
                )
            elif len(value) > limit:
                errors[f'welcome_{key}_{code}'] = _('At most {limit} characters').format(limit=limit)
    days, message = parse_reminder_days(draft.reminder_days)
    values['reminder_days'] = days
    if message:
        errors['reminder_days'] = message
    return values, errors


def parse_reminder_days(raw: str) -> tuple[list[int], str]:
    """`1, 3, 7` -> [1, 3, 7] (days after the due date); empty means no reminders."""
    parts = [part for part in re.split(r'[\s,;]+', clean(raw)) if part]
    numbers = [whole_number(part, maximum=365) for part in parts]
    if not all(numbers):  # None (not a number, more than 365) or 0
        return [], _('Days after the due date, e.g. 1, 3, 7 (each 1 to 365)')
    days = sorted({number for number in numbers if number})
    if len(days) > MAX_REMINDERS:
        return days, _('At most {count} reminders').format(count=MAX_REMINDERS)
    return days, ''


async def update_company_profile(*, draft: CompanyProfileDraft, by: Actor) -> CompanyProfile:
    """Save the company profile (admins only); every changed field is recorded in the audit log."""
    require_admin(by)
    values, errors = check_profile(draft)
    if errors:
        raise ValidationFailed(errors)
    company = await company_row()
    before = _profile(company)
    changed = [key for key in PROFILE_FIELDS if getattr(before, key) != values[key]]
    for key in changed:
        setattr(company, key, values[key])
    if changed:
        await company.save(update_fields=[*changed, 'updated_at'])
        remember_company_zone(company.time_zone)
        for key in changed:
            await audit.record(
                'settings.change', by=by, entity='company', entity_id=company.id, field=key,
                old=getattr(before, key), new=values[key],
            )  # fmt: skip
    return _profile(company)


async def set_company_logo(*, data: bytes, by: Actor) -> CompanyProfile:
    """Check the image on the server and make it the logo (admins only)."""
    require_admin(by)
    logo = check_logo(data)
    await Logo.bulk_create(
        [
            Logo(
                sha256=logo.sha256, content_type=logo.content_type, data=logo.data, width=logo.width, height=logo.height
            )
        ],
        ignore_conflicts=True,
    )
    company = await company_row()
    old = company.logo_sha256
    company.logo_sha256 = logo.sha256
    await company.save(update_fields=['logo_sha256', 'updated_at'])
    await audit.record(
        'settings.change', by=by, entity='company', entity_id=company.id, field='logo', old=old, new=logo.sha256
    )
    return _profile(company)


async def remove_company_logo(*, by: Actor) -> CompanyProfile:
    require_admin(by)
    company = await company_row()
    old = company.logo_sha256
    company.logo_sha256 = None
    await company.save(update_fields=['logo_sha256', 'updated_at'])
    await audit.record('settings.change', by=by, entity='company', entity_id=company.id, field='logo', old=old, new='')
    return _profile(company)


async def get_logo(sha256: str) -> LogoData:
    logo = await Logo.filter(sha256=sha256).first()
    if logo is None:
        raise NotFound(_('No such logo'))
    return LogoData(sha256=logo.sha256, content_type=logo.content_type, data=bytes(logo.data))


def _profile(company: Company) -> CompanyProfile:
    return CompanyProfile(
        name=company.name,
        address=company.address,
        tax_id=company.tax_id,
        logo_sha256=company.logo_sha256,
        brand_colour=company.brand_colour,
        sender_name=company.sender_name,
        sender_email=company.sender_email,
        payment_instructions=company.payment_instructions,
        currency=company.currency,
        payment_terms_days=company.payment_terms_days,
        welcome_subject=company.welcome_subject or DEFAULT_WELCOME_SUBJECT,
        welcome_body=company.welcome_body or DEFAULT_WELCOME_BODY,
        reminder_days=list(DEFAULT_REMINDER_DAYS) if company.reminder_days is None else list(company.reminder_days),
        time_zone=company.time_zone,
        language=company.language or DEFAULT_LANGUAGE,
        welcome_texts=dict(company.welcome_texts or {}),
    )
