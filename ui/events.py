"""Cross-client events: the services announce changes, every open page that cares listens here."""

from __future__ import annotations

from nicegui import Event

from services.events import CustomerChanged, customer_changed

customers_changed: Event[CustomerChanged] = Event()


def connect() -> None:
    """Forward service events to NiceGUI (once per process; `main.py` may be run again by the test fixture)."""
    customer_changed.unsubscribe(customers_changed.emit)
    customer_changed.subscribe(customers_changed.emit)
