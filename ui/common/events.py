"""Cross-client events: the services announce changes, every open page that cares listens here."""

from __future__ import annotations

from nicegui import Event

from services.core.events import (
    RELOADED,
    CustomerChanged,
    EventsResynced,
    InvoicesChanged,
    OutboxChanged,
    customer_changed,
    events_resynced,
    invoices_changed,
    mailbox_received,
    outbox_changed,
)

customers_changed: Event[CustomerChanged] = Event()
invoices_updated: Event[InvoicesChanged] = Event()
outbox_updated: Event[OutboxChanged] = Event()
mail_received: Event[str] = Event()


def connect() -> None:
    """Forward service events to NiceGUI (once per process; `main.py` may be run again by the test fixture)."""
    for topic, event in (
        (customer_changed, customers_changed),
        (invoices_changed, invoices_updated),
        (outbox_changed, outbox_updated),
        (mailbox_received, mail_received),
    ):
        topic.unsubscribe(event.emit)  # type: ignore[arg-type]
        topic.subscribe(event.emit)  # type: ignore[arg-type]
    events_resynced.unsubscribe(reload_everything)
    events_resynced.subscribe(reload_everything)


def reload_everything(_: EventsResynced | None = None) -> None:
    """Changes of other processes may have been missed: every open page reloads the data it shows.

    Each listener takes these as "anything may have changed": the customer table reloads its page, a profile its
    customer, invoice and mail views their lists.
    """
    customers_changed.emit(CustomerChanged(0, '', RELOADED))
    outbox_updated.emit(OutboxChanged())  # invoice views reload on any outbox change
    mail_received.emit('')
