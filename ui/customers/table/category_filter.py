"""Category chips with counts for filtering the customer list (one element, whatever the number of categories)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui.element import Element
from nicegui.events import GenericEventArguments

from services.core.i18n import _, locale_of
from services.core.values.formats import format_whole
from services.customers.categories import CategoryView
from ui.common.static_markup import HEX_COLOUR, Unsupported, attr, classes, icon, own_look, text


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

    def static_html(self) -> str:
        """The chips as category_filter.js draws them (ui/common/static_markup.py)."""
        own_look(self)
        chosen = set(self._props['selected'])
        chips = ''.join(_chip(category, category['id'] in chosen) for category in self._props['categories'])
        if not chips:
            chips = f'<span class="text-grey-7 text-body2">{text(self._props["texts"]["none"])}</span>'
        return f'<div class="row items-center q-gutter-xs">{chips}</div>'


def _chip(category: dict[str, Any], selected: bool) -> str:
    colour = category.get('colour') or ''
    if not HEX_COLOUR.fullmatch(colour):
        raise Unsupported('a category colour the live chip would draw differently')
    if selected:
        variant, style = 'text-white q-chip--colored', f'background-color: {colour}'
        check = icon('check', 'q-chip__icon q-chip__icon--left')
    else:
        variant, style = 'q-chip--outline', f'color: {colour}; border-color: {colour}'
        check = ''
    names = classes(
        'q-chip row inline no-wrap items-center', variant, 'q-chip--dense q-chip--clickable cursor-pointer',
        'non-selectable q-hoverable q-chip--square',
    )  # fmt: skip
    return (
        f'<button type="button" class="{names}" style="{attr(style)}"><span class="q-focus-helper"></span>{check}'
        f'<span class="q-chip__content col row no-wrap items-center q-anchor--skip">{text(category["name"])}'
        f'<span class="q-ml-xs text-weight-bold">{text(category["customers"])}</span></span></button>'
    )
