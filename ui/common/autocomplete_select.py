"""A select to type in, as a person expects from an autocomplete: Enter or Tab picks the first (highlighted) match."""

from __future__ import annotations

from pathlib import Path

import nicegui
from nicegui import ui

AUTOCOMPLETE_JS = Path(__file__).parent / 'autocomplete.js'  # also the grid's country editor (customer_grid.js)
NICEGUI_SELECT_JS = Path(nicegui.__file__).parent / 'elements' / 'select.js'  # imported and extended


class AutocompleteSelect(
    ui.select, component='autocomplete_select.js', dependencies=[NICEGUI_SELECT_JS, AUTOCOMPLETE_JS]
):
    """`ui.select(..., with_input=True)` whose typing narrows the options, prefix matches first, and highlights the
    first one, so typing "Spa" then Enter or Tab chooses Spain (Quasar leaves nothing highlighted: Enter did nothing
    and Tab restored the old value)."""
