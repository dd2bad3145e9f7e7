"""Subscriptions that end with the element that needs them (sub-pages are replaced without a new client)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from nicegui import Client, Event
from nicegui.element import Element

T = TypeVar('T')


def is_gone(element: Element) -> bool:
    """True once the element or its whole client (page) has been deleted; check it again after every await."""
    if element.is_deleted:
        return True
    try:
        client = element.client
    except RuntimeError:
        return True
    return client.id not in Client.instances


def subscribe_while_alive(event: Event[T], element: Element, callback: Callable[[T], Any]) -> None:
    """Call `callback` on every emit until `element` is deleted, then unsubscribe."""

    def guarded(payload: T) -> Any:
        if is_gone(element):
            event.unsubscribe(guarded)
            return None
        return callback(payload)

    event.subscribe(guarded)
