"""The thin SMTP sender: one connection for a batch, and every outcome sorted into sent / retry / failed / unknown.

The class of an outcome decides what the outbox does next:
- 250 after the message data: sent.
- 4xx, a refused or dropped connection, a timeout before DATA: retry later (nothing was delivered).
- 5xx: failed, with the server's reason; a person may retry after fixing the cause.
- an address the server cannot take (a non-ASCII local part without SMTPUTF8): failed, for that message only.
- a timeout or dropped connection after DATA: unknown. The server may have stored the message, so it is not
  resent automatically (RFC 5321 §4.5.3.2.6: a lost final reply is how duplicates happen).
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr
from enum import StrEnum
from functools import cache

import aiosmtplib

from services.mail.addresses import wire_address


class Outcome(StrEnum):
    SENT = 'sent'
    RETRY = 'retry'
    FAILED = 'failed'
    UNKNOWN = 'unknown'


NO_SMTPUTF8 = (
    'The mail server does not accept addresses with non-ASCII characters before the @ (it does not offer SMTPUTF8); '
    'use another address for this customer or a mail server that supports SMTPUTF8'
)


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    detail: str = ''


@dataclass(frozen=True)
class Envelope:
    """A message ready for the wire: envelope sender, recipients and the flattened bytes.

    Addresses have ASCII domains (A-labels); `smtputf8` says a local part needs the server's SMTPUTF8 extension
    (the data then has UTF-8 headers); `problem` says why the message cannot be sent at all.
    """

    sender: str
    recipients: tuple[str, ...]
    data: bytes
    smtputf8: bool = False
    problem: str = ''

    @classmethod
    def of(cls, message: EmailMessage) -> Envelope:
        sender = wire_address(parseaddr(str(message['From']))[1])
        recipients = [wire_address(address) for _, address in getaddresses([str(message['To'])]) if address]
        everyone = [sender, *recipients]
        problem = '; '.join(address.problem for address in everyone if address.problem)
        smtputf8 = any(address.smtputf8 for address in everyone)
        data = b'' if problem else message.as_bytes(policy=policy.SMTPUTF8 if smtputf8 else policy.SMTP)
        return cls(sender.address, tuple(r.address for r in recipients), data, smtputf8, problem)


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    implicit_tls: bool = False
    timeout: float = 30.0
    tls_context: ssl.SSLContext | None = None

    def describe(self) -> str:
        return f'{self.host}:{self.port}'


async def send_batch(target: SmtpTarget, messages: list[EmailMessage | Envelope]) -> list[SendResult]:
    """Send the messages one after another over one connection; one result per message, in order."""
    async with SmtpSession(target) as session:
        return [await session.send(message) for message in messages]


class SmtpSession:
    """One connection, opened on the first message; when it cannot be opened, every message gets that result."""

    def __init__(self, target: SmtpTarget) -> None:
        self.target = target
        self._smtp: aiosmtplib.SMTP | None = None
        self._failure: SendResult | None = None

    async def __aenter__(self) -> SmtpSession:
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._smtp is not None and self._smtp.is_connected:
            try:
                await self._smtp.quit()
            except (aiosmtplib.SMTPException, OSError):
                self._smtp.close()

    async def send(
        self, message: EmailMessage | Envelope, *, before_data: Callable[[], Awaitable[object]] | None = None
    ) -> SendResult:
        """Send one message; `before_data` is awaited just before its data goes out (after the server accepted the
        sender and recipients), so a caller can record that from now on the message may arrive."""
        if self._smtp is None and self._failure is None:
            await self._connect()
        if self._failure is not None:
            return self._failure
        assert self._smtp is not None
        if not self._smtp.is_connected:
            return SendResult(Outcome.RETRY, 'The connection to the mail server was lost')
        envelope = message if isinstance(message, Envelope) else Envelope.of(message)
        return await _send_one(self._smtp, envelope, before_data)

    def abandon(self) -> None:
        """Drop the connection (after an unexpected error mid-message); the next `send` reports it lost."""
        if self._smtp is not None:
            self._smtp.close()

    async def _connect(self) -> None:
        target = self.target
        smtp = aiosmtplib.SMTP(
            hostname=target.host,
            port=target.port,
            username=target.username or None,
            password=target.password or None,
            use_tls=target.implicit_tls,
            start_tls=target.starttls if not target.implicit_tls else False,
            timeout=target.timeout,
            local_hostname=_local_hostname(),
            tls_context=target.tls_context,
        )
        try:
            await smtp.connect()
        except aiosmtplib.SMTPResponseException as error:
            self._failure = _response_result(error)
        except (aiosmtplib.SMTPException, OSError) as error:
            self._failure = SendResult(Outcome.RETRY, f'Cannot reach {target.describe()}: {_reason(error)}')
        else:
            self._smtp = smtp


async def _send_one(
    smtp: aiosmtplib.SMTP, envelope: Envelope, before_data: Callable[[], Awaitable[object]] | None = None
) -> SendResult:
    if envelope.problem:
        return SendResult(Outcome.FAILED, envelope.problem)
    options: list[str] = []
    encoding = 'ascii'
    try:
        if envelope.smtputf8:
            if smtp.is_ehlo_or_helo_needed:
                await smtp.ehlo()
            if not smtp.supports_extension('smtputf8'):
                return SendResult(Outcome.FAILED, NO_SMTPUTF8)
            options, encoding = ['SMTPUTF8'], 'utf-8'
        await smtp.mail(envelope.sender, options=options, encoding=encoding)
        for recipient in envelope.recipients:
            await smtp.rcpt(recipient, encoding=encoding)
    except aiosmtplib.SMTPResponseException as error:
        await _reset(smtp)
        return _response_result(error)
    except (aiosmtplib.SMTPException, OSError) as error:
        smtp.close()
        return SendResult(Outcome.RETRY, _reason(error))
    except UnicodeError as error:  # an address the checks let through that still cannot be written: this one only
        await _reset(smtp)
        return SendResult(Outcome.FAILED, f'An address cannot be written for the mail server: {error}')
    if before_data is not None:
        await before_data()
    try:
        await smtp.data(envelope.data)
    except aiosmtplib.SMTPResponseException as error:
        await _reset(smtp)
        return _response_result(error)
    except (aiosmtplib.SMTPException, OSError) as error:
        smtp.close()
        return SendResult(
            Outcome.UNKNOWN,
            f'No final answer after the message was sent ({_reason(error)}); it may or may not have arrived',
        )
    return SendResult(Outcome.SENT)


def _response_result(error: aiosmtplib.SMTPResponseException) -> SendResult:
    reason = f'{error.code} {error.message}'.strip()
    if 400 <= error.code < 500:
        return SendResult(Outcome.RETRY, reason)
    return SendResult(Outcome.FAILED, reason)


async def _reset(smtp: aiosmtplib.SMTP) -> None:
    try:
        await smtp.rset()
    except (aiosmtplib.SMTPException, OSError):
        smtp.close()


def _reason(error: BaseException) -> str:
    return f'{type(error).__name__}: {error}' if str(error) else type(error).__name__


@cache
def _local_hostname() -> str:
    return socket.gethostname() or 'localhost'
