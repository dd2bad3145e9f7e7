"""A real SMTP server on loopback (aiosmtpd) whose answers a test scripts: 250, 451, 550, a late 250, or down."""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any, cast

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from services.mail.smtp import SmtpTarget


def free_port() -> int:
    """aiosmtpd 1.4.6 cannot listen on port 0, so pick a free port first."""
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return int(sock.getsockname()[1])


@dataclass
class ScriptedHandler:
    """Answers each DATA with the next scripted reply (then 250); may hold the reply back for `delay` seconds."""

    replies: list[str] = field(default_factory=list)
    delay: float = 0.0
    attempts: int = 0
    accepted: list[bytes] = field(default_factory=list)
    stored: list[bytes] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)  # (MAIL FROM, RCPT TOs) of each DATA

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.attempts += 1
        self.envelopes.append((str(envelope.mail_from), [str(r) for r in envelope.rcpt_tos]))
        reply = self.replies.pop(0) if self.replies else '250 Message accepted for delivery'
        content = cast(bytes, envelope.original_content or envelope.content)
        if reply.startswith('250'):
            self.stored.append(content)
        if self.delay:
            await asyncio.sleep(self.delay)
        if reply.startswith('250'):
            self.accepted.append(content)
        return reply

    def messages(self) -> list[EmailMessage]:
        return [cast(EmailMessage, BytesParser(policy=policy.default).parsebytes(data)) for data in self.stored]


class MailServer:
    """Start, stop and start again on the same port, like a real server going down for a while."""

    def __init__(self, *, smtputf8: bool = False) -> None:
        self.port = free_port()
        self.handler = ScriptedHandler()
        self.smtputf8 = smtputf8
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(
            self.handler,
            hostname='127.0.0.1',
            port=self.port,
            server_hostname='test-smtp',
            enable_SMTPUTF8=self.smtputf8,
        )
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def target(self, timeout: float = 5.0) -> SmtpTarget:
        return SmtpTarget('127.0.0.1', self.port, timeout=timeout)

    def __enter__(self) -> MailServer:
        self.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self.stop()
