"""Coloured category chips, shared by the form, the summary, the list and the profile."""

from __future__ import annotations

from nicegui import ui

from services.categories import category_colour

# A constant Vue template: the chip texts come from row data and are rendered as text, never as HTML.
TABLE_CELL_TEMPLATE = r"""
<q-td :props="props">
  <q-chip v-for="c in props.value" :key="c.name" dense square text-color="white" :style="{backgroundColor: c.colour}">
    {{ c.name }}
  </q-chip>
</q-td>
"""


def category_chip(name: str, colour: str | None = None, *, removable: bool = False) -> ui.chip:
    chip = ui.chip(name, color=colour or category_colour(name), text_color='white', removable=removable)
    return chip.props('dense square')
