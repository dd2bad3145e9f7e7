"""The mail machinery of a running app: dev mailbox (when no SMTP host is set), PDF renderer and outbox worker."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import replace
from datetime import UTC

from ..actors import Actor, require_admin
from ..audit import record
from ..clock import Clock, system_clock
from ..company_profile import get_company_profile
from ..errors import ValidationFailed
from ..events import outbox_changed
from ..pdf.documents import invoice_document
from ..pdf.fonts import missing_fonts
from ..pdf.renderer import PdfRenderer
from ..settings import AppSettings
from ..validation import Status, check_email
from .compose import plain_email, sender_header, to_mime
from .dev_mailbox import DevMailbox
from .smtp import SendResult, SmtpTarget, send_batch
from .worker import OutboxWorker

log = logging.getLogger(__name__)
TEST_EMAIL_TIMEOUT = 15.0


class Mailer:
    def __init__(self, settings: AppSettings, *, clock: Clock = system_clock) -> None:
        self.settings = settings
        self.clock = clock
        self.renderer = PdfRenderer()
        self.dev_mailbox = None if settings.smtp_host else DevMailbox(settings.data_dir / 'mailbox')
        self.default_sender = settings.mail_from or 'Clientbook <clientbook@localhost>'
        self.worker = OutboxWorker(
            target=self.target, renderer=self.renderer, default_sender=self.default_sender, clock=clock
        )
        self._task: asyncio.Task[None] | None = None

    def target(self) -> SmtpTarget:
        settings = self.settings
        if self.dev_mailbox is not None:
            return SmtpTarget('127.0.0.1', self.dev_mailbox.port, timeout=settings.smtp_timeout)
        return SmtpTarget(
            host=settings.smtp_host or 'localhost',
            port=settings.smtp_port,
            username=settings.smtp_username,
            password=settings.smtp_password,
            starttls=settings.smtp_starttls and settings.smtp_port != 465,
            implicit_tls=settings.smtp_port == 465,
            timeout=settings.smtp_timeout,
        )

    async def start(self) -> None:
        if self.dev_mailbox is not None:
            self.dev_mailbox.port = self.settings.dev_mailbox_port
            port = await self.dev_mailbox.start()
            log.info('development mailbox listening on 127.0.0.1:%s (mail stays on this machine)', port)
        missing = missing_fonts()
        if missing:
            log.warning('fonts missing for invoice PDFs (some scripts will not render): %s', ', '.join(missing))
        outbox_changed.subscribe(self.worker.wake)
        self._task = asyncio.create_task(self.worker.run(), name='outbox worker')

    async def stop(self) -> None:
        outbox_changed.unsubscribe(self.worker.wake)
        self.worker.stop()
        if self._task is not None:
            try:
                await asyncio.wait_for(self._task, self.settings.smtp_timeout + 5)
            except TimeoutError:
                log.warning('outbox worker did not stop in time; messages being sent will show as unknown')
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self.renderer.close()
        if self.dev_mailbox is not None:
            await self.dev_mailbox.stop()

    async def send_test_email(self, *, recipient: str, by: Actor) -> SendResult:
        """Send one message straight away (not through the outbox) and report what the server said."""
        require_admin(by)
        address = check_email(recipient)
        if address.status != Status.OK:
            raise ValidationFailed({'recipient': address.message or 'Enter an email address'})
        profile = await get_company_profile()
        sender = sender_header(profile.sender_name or profile.display_name, profile.sender_email)
        content = plain_email(
            subject=f'Test email from {profile.display_name}',
            text='This is a test email from Clientbook. If you can read it, sending email works.',
            company_name=profile.display_name,
            brand_colour=profile.brand_colour,
        )
        now = self.clock()
        message = to_mime(
            sender=sender or self.default_sender,
            recipient=str(address.value),
            content=content,
            message_id=f'<test-{now.astimezone(UTC):%Y%m%d%H%M%S%f}@clientbook.localhost>',
            date=now,
        )
        target = self.target()
        if target.timeout > TEST_EMAIL_TIMEOUT:
            target = replace(target, timeout=TEST_EMAIL_TIMEOUT)
        [result] = await send_batch(target, [message])
        await record('settings.test_email', by=by, entity='company', detail=f'{result.outcome.value} {result.detail}')
        return result

    async def invoice_pdf(self, invoice_id: int) -> tuple[str, bytes]:
        """(file name, PDF bytes) of an invoice, rendered in the worker processes."""
        document = await invoice_document(invoice_id)
        return document.filename, await self.renderer.render(document)
