"""Settings -> Company: validation, admins only, audit, and the server-side logo checks."""

import io

import pytest
from PIL import Image

from models import AuditEntry
from services.core.actors import SYSTEM, Actor, Role
from services.core.errors import PermissionDenied, ValidationFailed
from services.invoicing.company_profile import (
    CompanyProfileDraft,
    get_company_profile,
    profile_draft,
    set_company_logo,
    update_company_profile,
)

MEMBER = Actor(id=None, name='Member', role=Role.MEMBER, can_view_notes=False)


def image(kind: str, size: tuple[int, int] = (40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new('RGB', size, '#0b6e4f').save(buffer, kind)
    return buffer.getvalue()


async def test_defaults_come_with_the_welcome_template_and_reminders_after_1_3_7_days(db: str) -> None:
    profile = await get_company_profile()
    assert profile.reminder_days == [1, 3, 7]
    assert '{invoice_number}' in profile.welcome_subject
    assert (profile.currency, profile.payment_terms_days) == ('EUR', 14)


async def test_saving_normalises_values_and_records_each_change(db: str) -> None:
    draft = CompanyProfileDraft(
        name=' Bäckerei  Müller ', brand_colour='#0B6E4F', currency='krw', reminder_days='7 3, 3', sender_email='A@B.DE'
    )
    profile = await update_company_profile(draft=draft, by=SYSTEM)
    assert (profile.name, profile.brand_colour, profile.currency, profile.reminder_days) == (
        'Bäckerei Müller',
        '#0b6e4f',
        'KRW',
        [3, 7],
    )
    assert profile.sender_email == 'A@b.de'  # the domain is lower-cased, the local part kept
    changes = await AuditEntry.filter(action='settings.change').values_list('field', flat=True)
    assert sorted(changes) == ['brand_colour', 'currency', 'name', 'reminder_days', 'sender_email']
    assert profile_draft(profile).reminder_days == '3, 7'


async def test_bad_values_are_refused_field_by_field(db: str) -> None:
    draft = CompanyProfileDraft(
        brand_colour='red;background:url(x)', currency='EURO', payment_terms_days='-1', reminder_days='1, x',
        welcome_subject='Hello {customer}', sender_email='nope@',
    )  # fmt: skip
    with pytest.raises(ValidationFailed) as failure:
        await update_company_profile(draft=draft, by=SYSTEM)
    assert set(failure.value.errors) == {
        'brand_colour', 'currency', 'payment_terms_days', 'reminder_days', 'welcome_subject', 'sender_email'
    }  # fmt: skip


async def test_only_admins_change_the_company(db: str) -> None:
    with pytest.raises(PermissionDenied):
        await update_company_profile(draft=CompanyProfileDraft(name='X'), by=MEMBER)
    with pytest.raises(PermissionDenied):
        await set_company_logo(data=image('PNG'), by=MEMBER)


@pytest.mark.parametrize('kind', ['PNG', 'JPEG'])
async def test_a_png_or_jpeg_logo_is_accepted(db: str, kind: str) -> None:
    profile = await set_company_logo(data=image(kind), by=SYSTEM)
    assert profile.logo_sha256 is not None


@pytest.mark.parametrize(
    ('data', 'message'),
    [
        (b'<svg onload="alert(1)"></svg>', 'Only PNG and JPEG images can be used as a logo'),
        (b'GIF89a' + b'\0' * 20, 'Only PNG and JPEG images can be used as a logo'),
        (image('PNG')[:60], 'The image could not be read'),
        (b'\x89PNG\r\n\x1a\n' + b'x' * 1_000_001, 'The logo may be at most 1000 KB'),
        (b'', 'The file is empty'),
    ],
)
async def test_a_logo_that_is_not_a_decodable_png_or_jpeg_is_refused(db: str, data: bytes, message: str) -> None:
    with pytest.raises(ValidationFailed) as failure:
        await set_company_logo(data=data, by=SYSTEM)
    assert failure.value.errors == {'logo': message}
    assert (await get_company_profile()).logo_sha256 is None
