"""A tiny publish/subscribe hub so use cases can announce changes without knowing who listens (the UI does)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

log = logging.getLogger(__name__)
T = TypeVar('T')


class Topic(Generic[T]):
    """Subscribers are called synchronously, in order; one failing subscriber does not stop the others."""

    def __init__(self) -> None:
        self._subscribers: list[Callable[[T], None]] = []

    def subscribe(self, callback: Callable[[T], None]) -> None:
        self._subscribers.append(callback)

    def unsubscribe(self, callback: Callable[[T], None]) -> None:
        if callback in self._subscribers:
            self._subscribers.remove(callback)

    def publish(self, event: T) -> None:
        for callback in list(self._subscribers):
            try:
                callback(event)
            except Exception:
                log.exception('subscriber %r failed', callback)


@dataclass(frozen=True)
class CustomerChanged:
    """Published after the commit: plain ids and field names; listeners read what they show themselves."""

    customer_id: int
    number: str
    action: str  # created | updated | archived | restored | deleted
    fields: tuple[str, ...] = ()  # for 'updated': the fields that changed


customer_changed: Topic[CustomerChanged] = Topic()


@dataclass(frozen=True)
class UserAccessChanged:
    """A user's access changed: `ended` means their pages must close (logout, deactivation, session killed)."""

    user_id: int | None
    session_hash: str | None = None
    ended: bool = False


user_access_changed: Topic[UserAccessChanged] = Topic()


@dataclass(frozen=True)
class InvoicesChanged:
    customer_id: int


@dataclass(frozen=True)
class OutboxChanged:
    """Messages were queued or changed state; the worker wakes up and open pages refresh."""


invoices_changed: Topic[InvoicesChanged] = Topic()
outbox_changed: Topic[OutboxChanged] = Topic()
mailbox_received: Topic[str] = Topic()  # id of a message the dev mailbox received
