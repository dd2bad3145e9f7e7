"""A tiny publish/subscribe hub so use cases can announce changes without knowing who listens (the UI does).

Events are small: ids and field names, never customer data. With PostgreSQL, the event bridge
(`services.core.event_bridge`) also sends every event of a shared topic to the other app processes, which hand it to
their own subscribers with `Topic.deliver` (never `publish`, so nothing heard is sent on again).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

log = logging.getLogger(__name__)
T = TypeVar('T')

Forwarder = Callable[['Topic[Any]', Any], None]
_forwarders: list[Forwarder] = []
TOPICS: dict[str, Topic[Any]] = {}


def add_forwarder(forward: Forwarder) -> None:
    """Also hand every event published in this process to `forward(topic, event)` (the event bridge does)."""
    if forward not in _forwarders:
        _forwarders.append(forward)


def remove_forwarder(forward: Forwarder) -> None:
    if forward in _forwarders:
        _forwarders.remove(forward)


class Topic(Generic[T]):
    """Subscribers are called synchronously, in order; one failing subscriber does not stop the others.

    `name` identifies a topic between processes and `kind` is its event type (a frozen dataclass of ids and field
    names, or `str`); a topic without a name, or with `shared=False`, stays inside its process.
    """

    def __init__(self, name: str = '', kind: type[T] | None = None, *, shared: bool = True) -> None:
        self.name = name
        self.kind: type[Any] = kind or object
        self.shared = shared and bool(name) and kind is not None
        self._subscribers: list[Callable[[T], None]] = []
        if name:
            TOPICS[name] = self

    def subscribe(self, callback: Callable[[T], None]) -> None:
        self._subscribers.append(callback)

    def unsubscribe(self, callback: Callable[[T], None]) -> None:
        if callback in self._subscribers:
            self._subscribers.remove(callback)

    def publish(self, event: T) -> None:
        """Announce an event of this process (after the commit): to the local subscribers, then to the others."""
        self.deliver(event)
        for forward in list(_forwarders):
            try:
                forward(self, event)
            except Exception:
                log.exception('forwarding %s failed', self.name)

    def deliver(self, event: T) -> None:
        """Call the local subscribers only (for events heard from another process)."""
        for callback in list(self._subscribers):
            try:
                callback(event)
            except Exception:
                log.exception('subscriber %r failed', callback)

    def encode(self, event: T) -> Any:
        """A JSON-ready form of `event`: a dataclass's fields that differ from their defaults, or the string."""
        if not dataclasses.is_dataclass(event):
            return event
        values = {}
        for spec in dataclasses.fields(event):
            value = getattr(event, spec.name)
            if spec.default is dataclasses.MISSING or value != spec.default:
                values[spec.name] = list(value) if isinstance(value, tuple) else value
        return values

    def decode(self, data: Any) -> T:
        """The event `encode` made `data` from. Raises TypeError or ValueError for anything else."""
        if not dataclasses.is_dataclass(self.kind):
            if not isinstance(data, self.kind):
                raise TypeError(f'{self.name}: expected {self.kind.__name__}')
            return data  # type: ignore[no-any-return]
        if not isinstance(data, dict):
            raise TypeError(f'{self.name}: expected an object')
        kind: Any = self.kind
        names = {spec.name for spec in dataclasses.fields(kind)}
        values = {key: tuple(v) if isinstance(v, list) else v for key, v in data.items() if key in names}
        return kind(**values)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class CustomerChanged:
    """Published after the commit: plain ids and field names; listeners read what they show themselves."""

    customer_id: int
    number: str
    action: str  # created | updated | archived | restored | deleted; `RELOADED` (id 0): anything may have changed
    fields: tuple[str, ...] = ()  # for 'updated': the fields that changed


RELOADED = 'reloaded'
customer_changed: Topic[CustomerChanged] = Topic('customer', CustomerChanged)


@dataclass(frozen=True)
class UserAccessChanged:
    """A user's access changed: `ended` means their pages must close (logout, deactivation, session killed)."""

    user_id: int | None
    session_hash: str | None = None
    ended: bool = False


user_access_changed: Topic[UserAccessChanged] = Topic('access', UserAccessChanged)


@dataclass(frozen=True)
class InvoicesChanged:
    customer_id: int


@dataclass(frozen=True)
class OutboxChanged:
    """Messages were queued or changed state; the worker wakes up and open pages refresh."""


@dataclass(frozen=True)
class EventsResynced:
    """This process may have missed other processes' events (its listening connection was lost): reload all."""

    reason: str = ''


invoices_changed: Topic[InvoicesChanged] = Topic('invoices', InvoicesChanged)
outbox_changed: Topic[OutboxChanged] = Topic('outbox', OutboxChanged)
mailbox_received: Topic[str] = Topic('mailbox', str)  # id of a message the dev mailbox received
events_resynced: Topic[EventsResynced] = Topic('resynced', EventsResynced, shared=False)
