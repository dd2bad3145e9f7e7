"""Controls that only take input once the page's websocket is connected, so no click is lost before that."""

from __future__ import annotations

from nicegui import ui
from nicegui.elements.mixins.disableable_element import DisableableElement


def enabled_when_connected(*elements: DisableableElement) -> None:
    """Serve `elements` disabled; enable them when the browser's websocket connects (again after a reconnect).

    A click before the connection has no server to reach yet. NiceGUI queues it, which covers a short wait; with the
    socket held back 12 s, the first-admin page created no account and said nothing. A disabled button shows that the
    page is not ready, and takes the click once it is.
    """
    for element in elements:
        element.disable()

    def enable() -> None:
        for element in elements:
            element.enable()

    ui.context.client.on_connect(enable)
