"""Subscriptions that end with the element that needs them (sub-pages are replaced without a new client)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from nicegui import Event
from nicegui.element import Element

T = TypeVar('T')


def subscribe_while_alive(event: Event[T], element: Element, callback: Callable[[T], Any]) -> None:
    """Call `callback` on every emit until `element` is deleted, then unsubscribe."""

    def guarded(payload: T) -> Any:
        client = element._client()
        if element.is_deleted or client is None or client.is_deleted:
            event.unsubscribe(guarded)
            return None
        return callback(payload)

    event.subscribe(guarded)
