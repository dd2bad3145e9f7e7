"""Category chips with counts for filtering the customer list (one element, whatever the number of categories)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui.element import Element
from nicegui.events import GenericEventArguments

from services.core.i18n import _, locale_of
from services.core.values.formats import format_whole
from services.customers.categories import CategoryView


class CategoryFilter(Element, component='category_filter.js'):
    def __init__(self, categories: list[CategoryView], selected: list[int], on_toggle: Callable[[int], Any]) -> None:
        super().__init__()
        self._props['categories'] = ()
        self._props['selected'] = tuple(selected)
        self._props['texts'] = {
            'group': _('Filter by category'),
            'none': _('No categories yet'),
        }
        self.locale = locale_of()  # counts in the language of the page (also when a live update sets them)
        self.set_categories(categories)

        def toggled(event: GenericEventArguments) -> Any:
            if isinstance(event.args, int) and event.args in self.category_ids:
                return on_toggle(event.args)
            return None

        self.on('toggle', toggled)

    @property
    def category_ids(self) -> set[int]:
        return {category['id'] for category in self._props['categories']}

    def set_categories(self, categories: list[CategoryView]) -> None:
        self._props['categories'] = tuple(  # a tuple: NiceGUI does not copy it into observables (see customer_grid.py)
            {
                **category.model_dump(include={'id', 'name', 'colour'}),
                'customers': format_whole(category.customers, locale=self.locale),
            }
            for category in categories
        )
        self.update()

    def set_selected(self, selected: list[int]) -> None:
        self._props['selected'] = tuple(selected)
        self.update()
