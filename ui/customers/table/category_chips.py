"""Coloured category chips, shared by the form, the summary and the profile (the table draws its own)."""

from __future__ import annotations

from nicegui import ui

from services.customers.categories import category_colour


def category_chip(name: str, colour: str | None = None, *, removable: bool = False) -> ui.chip:
    chip = ui.chip(name, color=colour or category_colour(name), text_color='white', removable=removable)
    return chip.props('dense square')
