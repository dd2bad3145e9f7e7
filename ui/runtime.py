"""The running mail machinery, started and stopped with the app (see `ui.app`); pages reach it from here."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from services.core.settings import AppSettings
from services.mail.mailer import Mailer

_current: Mailer | None = None


@asynccontextmanager
async def running_mailer(settings: AppSettings) -> AsyncIterator[Mailer]:
    """Start the dev mailbox (when no SMTP host is set) and the outbox worker; stop them on exit."""
    global _current
    mailer = Mailer(settings)
    await mailer.start()
    _current = mailer
    try:
        yield mailer
    finally:
        _current = None
        await mailer.stop()


def mailer() -> Mailer:
    if _current is None:
        raise RuntimeError('The mailer is not running')
    return _current
