"""Email addresses as the mail can carry them.

Addresses are stored as people type them (a Unicode domain such as `bücher.example`, the local part as typed).
On the wire:
- the domain becomes its A-label (`xn--bcher-kva.example`, IDNA 2008 / UTS #46), in the envelope, in the From and To
  headers and in Message-IDs, so any server can route it (RFC 5890, RFC 6531 §3.2);
- a local part with non-ASCII characters cannot be written in ASCII at all: such a message needs the server's SMTPUTF8
  extension (RFC 6531) and is flattened with UTF-8 headers; the SMTP client refuses it, for that message only and with
  a clear reason, when the server does not offer SMTPUTF8.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import formataddr, parseaddr, quote

import idna


@dataclass(frozen=True)
class WireAddress:
    """One address ready for the envelope: `address` with an ASCII domain; `smtputf8` when the local part needs it;
    `problem` when it cannot be sent at all (the reason shown in the Mailbox)."""

    address: str
    smtputf8: bool = False
    problem: str = ''


def wire_address(address: str) -> WireAddress:
    """`billing@bücher.example` -> `billing@xn--bcher-kva.example`; `josé@example.com` needs SMTPUTF8."""
    address = address.strip()
    local, at, domain = address.rpartition('@')
    if not at or not local or not domain:
        return WireAddress(address, problem=f'Not an email address: {address!r}')
    try:
        ascii_domain = domain if domain.isascii() else idna.encode(domain, uts46=True).decode('ascii')
    except idna.IDNAError as error:
        return WireAddress(address, problem=f'The domain of {address} cannot be written for the mail system: {error}')
    return WireAddress(f'{local}@{ascii_domain.lower()}', smtputf8=not local.isascii())


def wire_header(value: str) -> tuple[str, WireAddress]:
    """A From or To header (`Name <address>` or a bare address) with its address made ready for the wire."""
    name, address = parseaddr(value)
    wire = wire_address(address or value)
    if wire.problem:
        return value, wire
    if wire.smtputf8:  # written as UTF-8 (RFC 6532); formataddr takes ASCII addresses only
        return utf8_mailbox(name, wire.address), wire
    return formataddr((name, wire.address)), wire


def utf8_mailbox(name: str, address: str) -> str:
    """`"Name" <josé@example.com>`: a mailbox written in UTF-8 (formataddr takes ASCII addresses only)."""
    return f'"{quote(name)}" <{address}>' if name else address


def message_id_domain(sender: str) -> str:
    """The domain part of Message-IDs: the sender's domain as an A-label (a Message-ID is ASCII only)."""
    domain = parseaddr(sender)[1].rpartition('@')[2]
    if not domain:
        return ''
    wire = wire_address(f'x@{domain}')
    return '' if wire.problem else wire.address.rpartition('@')[2]
