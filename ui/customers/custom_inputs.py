"""Inputs for the admin-defined custom fields, one element per field type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui
from nicegui.elements.mixins.validation_element import ValidationElement

from services.customers.custom_fields import CustomFieldKind, FieldDefinition


def custom_input(definition: FieldDefinition, value: Any, on_change: Callable[[Any], None]) -> ValidationElement | None:
    """The element for one custom field; `on_change` receives the raw value. Yes/no fields return None (a checkbox
    has no message line)."""
    label = f'{definition.label} *' if definition.required else definition.label
    kind = definition.kind
    if kind == CustomFieldKind.YES_NO:
        ui.checkbox(label, value=bool(value), on_change=lambda e: on_change(bool(e.value)))
        return None
    if kind == CustomFieldKind.CHOICE:
        return ui.select(
            definition.options,
            label=label,
            value=value or None,
            clearable=True,
            on_change=lambda e: on_change(e.value or ''),
        ).classes('w-full')
    if kind == CustomFieldKind.LONG_TEXT:
        return (
            ui.textarea(label, value=value or '', on_change=lambda e: on_change(e.value or ''))
            .classes('w-full')
            .props('autogrow')
        )
    element = ui.input(label, value=value or '', on_change=lambda e: on_change(e.value or '')).classes('w-full')
    if kind == CustomFieldKind.DATE:
        element.props('type=date stack-label')
    elif kind == CustomFieldKind.NUMBER:
        element.props('inputmode=decimal')
    elif kind == CustomFieldKind.URL:
        element.props('type=url inputmode=url')
    elif kind == CustomFieldKind.EMAIL:
        element.props('type=email inputmode=email')
    return element
