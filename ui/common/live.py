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


def on_path_changed_while_alive(element: Element, callback: Callable[[str], Any]) -> None:
    """Call `callback` with the new path on every in-app navigation until `element` is deleted."""
    router = element.client.sub_pages_router

    def guarded(path: str) -> Any:
        if element.is_deleted:
            # NiceGUI has no way to unsubscribe; a new list is safe while the router iterates the old one.
            router._path_changed_handlers = [h for h in router._path_changed_handlers if h is not guarded]
            return None
        return callback(path)

    router.on_path_changed(guarded)
