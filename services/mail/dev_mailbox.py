"""The built-in development mailbox: an SMTP server on loopback that keeps every message in the data dir.

Used when no SMTP host is configured, so mail still travels the real SMTP path but never leaves the machine.
Plain asyncio: the aiosmtpd protocol runs on the app's event loop; files are written off the loop.
"""

from __future__ import annotations

import asyncio
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesHeaderParser, BytesParser
from pathlib import Path
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

from services.core.errors import NotFound
from services.core.events import mailbox_received
from services.core.i18n import _

MAIL_ID = re.compile(r'^\d{8}T\d{12}-[0-9a-f]{8}$')
MAX_MESSAGE_BYTES = 30_000_000


@dataclass(frozen=True)
class MailSummary:
    id: str
    received_at: datetime
    sender: str
    recipients: str
    subject: str
    size: int


@dataclass(frozen=True)
class MailAttachment:
    index: int
    filename: str
    content_type: str
    size: int


@dataclass(frozen=True)
class ReceivedMail:
    summary: MailSummary
    message_id: str
    text: str
    html: str
    attachments: list[MailAttachment]


class DevMailbox:
    def __init__(self, directory: Path, *, host: str = '127.0.0.1', port: int = 0) -> None:
        self.directory = directory
        self.host = host
        self.port = port
        self._server: asyncio.Server | None = None
        self._index: list[MailSummary] = []
        self._heard: set[str] = set()  # received by another app process into the same folder, not listed yet

    async def start(self) -> int:
        """Listen on loopback; returns the port (a free one when `port` is 0)."""
        await asyncio.to_thread(self.directory.mkdir, parents=True, exist_ok=True)
        self._index = await asyncio.to_thread(self._scan)
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            lambda: SMTP(
                self,
                hostname='clientbook-dev-mailbox',
                data_size_limit=MAX_MESSAGE_BYTES,
                enable_SMTPUTF8=True,  # like current mail servers: addresses with non-ASCII local parts (RFC 6531)
                loop=loop,
            ),
            host=self.host,
            port=self.port,
        )
        self.port = int(self._server.sockets[0].getsockname()[1])
        return self.port

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or envelope.content
        data = content if isinstance(content, bytes) else str(content).encode()
        received = datetime.now(UTC)
        mail_id = f'{received:%Y%m%dT%H%M%S%f}-{secrets.token_hex(4)}'
        await asyncio.to_thread(self._write, mail_id, data)
        self._index.append(_summary(mail_id, data, received))
        mailbox_received.publish(mail_id)
        return '250 Message accepted for delivery'

    def heard(self, mail_id: str) -> None:
        """A message arrived (here, or in another process's mailbox on the same folder): list it if it is new."""
        if MAIL_ID.match(mail_id) and all(summary.id != mail_id for summary in self._index[-200:]):
            self._heard.add(mail_id)

    def page(self, *, offset: int = 0, limit: int = 50) -> tuple[list[MailSummary], int]:
        """Newest first."""
        if self._heard:
            self._list_heard()
        newest = self._index[::-1]
        return newest[offset : offset + limit], len(newest)

    async def read(self, mail_id: str) -> ReceivedMail:
        message = await self._load(mail_id)
        summary = next((s for s in self._index if s.id == mail_id), None) or _summary(mail_id, b'', datetime.now(UTC))
        text = message.get_body(preferencelist=('plain',))
        html = message.get_body(preferencelist=('html',))
        return ReceivedMail(
            summary=summary,
            message_id=str(message.get('Message-ID', '')),
            text=_content(text),
            html=_content(html),
            attachments=[
                MailAttachment(index, _safe_filename(part.get_filename()), part.get_content_type(), len(_payload(part)))
                for index, part in enumerate(message.iter_attachments())
            ],
        )

    async def attachment(self, mail_id: str, index: int) -> tuple[str, str, bytes]:
        """(file name, content type, bytes) of the `index`-th attachment."""
        message = await self._load(mail_id)
        parts = list(message.iter_attachments())
        if not 0 <= index < len(parts):
            raise NotFound(_('No such attachment'))
        part = parts[index]
        return _safe_filename(part.get_filename()), part.get_content_type(), _payload(part)

    async def _load(self, mail_id: str) -> EmailMessage:
        if not MAIL_ID.match(mail_id):
            raise NotFound(_('No such message'))
        path = self.directory / f'{mail_id}.eml'
        try:
            data = await asyncio.to_thread(path.read_bytes)
        except FileNotFoundError as error:
            raise NotFound(_('No such message')) from error
        return BytesParser(policy=policy.default).parsebytes(data)

    def _write(self, mail_id: str, data: bytes) -> None:
        temporary = self.directory / f'{mail_id}.tmp'
        temporary.write_bytes(data)
        temporary.rename(self.directory / f'{mail_id}.eml')

    def _list_heard(self) -> None:
        known = {summary.id for summary in self._index}
        for mail_id in sorted(self._heard - known):
            path = self.directory / f'{mail_id}.eml'
            if path.exists():
                with path.open('rb') as file:
                    head = file.read(64_000)
                received = datetime.strptime(mail_id[:21], '%Y%m%dT%H%M%S%f').replace(tzinfo=UTC)
                self._index.append(_summary(mail_id, head, received, size=path.stat().st_size))
        self._heard.clear()
        self._index.sort(key=lambda summary: summary.id)

    def _scan(self) -> list[MailSummary]:
        summaries = []
        for path in sorted(self.directory.glob('*.eml')):
            if MAIL_ID.match(path.stem):
                with path.open('rb') as file:
                    head = file.read(64_000)
                received = datetime.strptime(path.stem[:21], '%Y%m%dT%H%M%S%f').replace(tzinfo=UTC)
                summaries.append(_summary(path.stem, head, received, size=path.stat().st_size))
        return summaries


def _summary(mail_id: str, data: bytes, received: datetime, *, size: int | None = None) -> MailSummary:
    headers = BytesHeaderParser(policy=policy.default).parsebytes(data)
    return MailSummary(
        id=mail_id,
        received_at=received,
        sender=str(headers.get('From', '')),
        recipients=str(headers.get('To', '')),
        subject=str(headers.get('Subject', '')),
        size=len(data) if size is None else size,
    )


def _content(part: Any) -> str:
    if part is None:
        return ''
    try:
        return str(part.get_content()).replace('\r\n', '\n')
    except (LookupError, ValueError):
        return ''


def _payload(part: Any) -> bytes:
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b''


def _safe_filename(name: str | None) -> str:
    base = re.split(r'[\\/]', name or '')[-1]
    cleaned = re.sub(r'[^\w.\- ]', '_', base).strip(' .')
    return cleaned[:100] or 'attachment'
