"""The mail machinery of a running app: dev mailbox (when no SMTP host is set), PDF renderer and outbox worker."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import replace
from datetime import timedelta
from email.message import EmailMessage

from services.core.clock import Clock, system_clock
from services.core.events import mailbox_received, outbox_changed
from services.core.settings import AppSettings
from services.mail.dev_mailbox import DevMailbox
from services.mail.smtp import SendResult, SmtpTarget, send_batch
from services.mail.worker import OutboxWorker
from services.pdf.documents import invoice_document
from services.pdf.fonts import missing_fonts
from services.pdf.renderer import PdfRenderer

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
            target=self.target, renderer=self.renderer, default_sender=self.default_sender, clock=clock,
            lease=timedelta(minutes=settings.mail_lease_minutes),
        )  # fmt: skip
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
        if self.dev_mailbox is not None:
            mailbox_received.subscribe(self.dev_mailbox.heard)
        self._task = asyncio.create_task(self.worker.run(), name='outbox worker')

    def worker_alive(self) -> bool:
        """The outbox worker's loop is running (for the health check)."""
        return self._task is not None and not self._task.done()

    async def stop(self) -> None:
        outbox_changed.unsubscribe(self.worker.wake)
        if self.dev_mailbox is not None:
            mailbox_received.unsubscribe(self.dev_mailbox.heard)
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

    async def send_now(self, message: EmailMessage, *, wait: float = TEST_EMAIL_TIMEOUT) -> SendResult:
        """Send one message at once (not through the outbox), waiting at most `wait` seconds per answer."""
        target = self.target()
        if target.timeout > wait:
            target = replace(target, timeout=wait)
        [result] = await send_batch(target, [message])
        return result

    async def invoice_pdf(self, invoice_id: int) -> tuple[str, bytes]:
        """(file name, PDF bytes) of an invoice, rendered in the worker processes."""
        document = await invoice_document(invoice_id)
        return document.filename, await self.renderer.render(document)
