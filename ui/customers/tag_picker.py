"""Pick categories: type to filter the existing ones, Enter creates a new one; choices show as coloured chips."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui
from nicegui.events import ValueChangeEventArguments

from services.core.i18n import _
from services.customers.categories import CategoryView, category_colour, category_key
from ui.customers.table.category_chips import category_chip


class TagPicker:
    def __init__(
        self, label: str, categories: list[CategoryView], value: list[str], on_change: Callable[[list[str]], None]
    ) -> None:
        self.colours = {category_key(c.name): c.colour for c in categories}
        self.value = list(value)
        self.on_change = on_change
        with ui.column().classes('w-full gap-1'):
            self.select = (
                ui.select(
                    [c.name for c in categories],
                    label=label,
                    new_value_mode='add-unique',
                    on_change=self._picked,
                )
                .classes('w-full')
                .props('hide-dropdown-icon input-debounce=0 fill-input=false')
            )
            self.select.props['hint'] = _('Type to find a category; press Enter to create a new one')
            self.chips = ui.row().classes('gap-1')
        self._render()

    def set_value(self, names: list[str]) -> None:
        self.value = list(names)
        self._render()

    def _picked(self, event: ValueChangeEventArguments) -> None:
        name = ' '.join(str(event.value or '').split())
        if not name:
            return
        if category_key(name) not in {category_key(existing) for existing in self.value}:
            self.value.append(name)
            self._render()
            self.on_change(list(self.value))
        self.select.set_value(None)
        self.select.run_method('hidePopup')

    def _remove(self, name: str) -> None:
        self.value = [existing for existing in self.value if existing != name]
        self._render()
        self.on_change(list(self.value))

    def _render(self) -> None:
        self.chips.clear()
        with self.chips:
            used = list(self.colours.values())
            for name in self.value:
                colour = self.colours.get(category_key(name)) or category_colour(name, used)
                used.append(colour)
                chip = category_chip(name, colour, removable=True)
                chip.on_value_change(lambda event, name=name: None if event.value else self._remove(name))
