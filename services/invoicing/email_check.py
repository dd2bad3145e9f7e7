"""Settings -> Company's "Send a test email": one message in the company's name, sent at once, answer shown."""

from __future__ import annotations

from datetime import UTC

from services.core.actors import Actor, require_admin
from services.core.audit import record
from services.core.errors import ValidationFailed
from services.core.i18n import _
from services.core.values.validation import Status, check_email
from services.invoicing.company_profile import get_company_profile
from services.mail.compose import plain_email, sender_header, to_mime
from services.mail.mailer import Mailer
from services.mail.smtp import SendResult


async def send_test_email(mailer: Mailer, *, recipient: str, by: Actor) -> SendResult:
    """Send one message straight away (not through the outbox) and report what the server said. Admins only.

    Raises:
        PermissionDenied: `by` is not an admin.
        ValidationFailed: `recipient` is not an email address (keyed `recipient`).
    """
    require_admin(by)
    address = check_email(recipient)
    if address.status != Status.OK:
        raise ValidationFailed({'recipient': address.message or _('Enter an email address')})
    profile = await get_company_profile()
    sender = sender_header(profile.sender_name or profile.display_name, profile.sender_email)
    content = plain_email(
        subject=_('Test email from {company_name}').format(company_name=profile.display_name),
        text=_('This is a test email from Clientbook. If you can read it, sending email works.'),
        company_name=profile.display_name,
        brand_colour=profile.brand_colour,
    )
    now = mailer.clock()
    message = to_mime(
        sender=sender or mailer.default_sender,
        recipient=str(address.value),
        content=content,
        message_id=f'<test-{now.astimezone(UTC):%Y%m%d%H%M%S%f}@clientbook.localhost>',
        date=now,
    )
    result = await mailer.send_now(message)
    await record('settings.test_email', by=by, entity='company', detail=f'{result.outcome.value} {result.detail}')
    return result
