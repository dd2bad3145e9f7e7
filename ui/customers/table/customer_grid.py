"""The customer table element (customer_grid.js): one page of rows, server-side paging and sorting, cell editors.

Props are tuples: NiceGUI copies lists and dicts in props into observable collections for every open tab, but passes
tuples through, so the constant columns are shared by all tabs and a page of rows is stored once.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from nicegui.element import Element

from services.core.i18n import N_, _, current_language
from services.core.i18n import language as use_language
from services.core.values.countries import countries
from services.core.values.formats import format_date
from services.customers.categories import CategoryView
from services.customers.custom_fields import FieldDefinition, shown_text
from services.customers.list.spec import CustomerPage, CustomerRow, ListQuery
from ui.common.accessibility import text_on
from ui.common.autocomplete_select import AUTOCOMPLETE_JS
from ui.common.pager import pager_texts
from ui.common.server_table import IN_ORDER_JS
from ui.customers.table.grid_markup import grid_html

# `editor` names the in-place editor of a column; the server decides what is editable
# (services/customers/edit/entry_points.py). `wrap`: long values wrap onto more lines (an email after its @) instead of
# widening the table past the page; the other columns keep their values on one line.
_COLUMNS: list[dict[str, Any]] = [
    {'name': 'number', 'label': N_('Number'), 'field': 'number', 'required': True},
    {'name': 'name', 'wrap': True, 'label': N_('Name'), 'field': 'name', 'required': True, 'editor': 'text'},
    {'name': 'email', 'wrap': True, 'label': N_('Email'), 'field': 'email', 'editor': 'text'},
    {'name': 'phone', 'label': N_('Phone'), 'field': 'phone', 'editor': 'text'},
    {'name': 'postal_code', 'label': N_('Postal code'), 'field': 'postal_code', 'editor': 'text'},
    {'name': 'city', 'wrap': True, 'label': N_('City'), 'field': 'city', 'editor': 'text'},
    {'name': 'country', 'label': N_('Country'), 'field': 'country', 'editor': 'country'},
    {'name': 'categories', 'wrap': True, 'label': N_('Categories'), 'field': 'category_ids', 'editor': 'categories'},
    {'name': 'created', 'label': N_('Created'), 'field': 'created'},
]
COLUMNS = tuple({**column, 'align': 'left', 'sortable': True} for column in _COLUMNS)
LABELS = {column['name']: column['label'] for column in COLUMNS}
OPTIONAL_COLUMNS = [column['name'] for column in COLUMNS if not column.get('required')]
DEFAULT_COLUMNS = [name for name in LABELS if name != 'postal_code']
# The country editor's options, fetched by the browser once instead of travelling with every update of every table.
COUNTRIES_PATH = '/_clientbook/countries.json'


@lru_cache(maxsize=8)
def _columns(language: str) -> tuple[dict[str, Any], ...]:
    """The constant columns with their headers in one language, shared by every tab showing that language."""
    with use_language(language):
        return tuple({**column, 'label': _(column['label'])} for column in COLUMNS)


def custom_columns(definitions: list[FieldDefinition]) -> tuple[dict[str, Any], ...]:
    """Columns for the active custom fields (shown on demand, not sortable, edited on the profile)."""
    return tuple(
        {
            'name': f'custom_{d.key}',
            'wrap': True,
            'label': d.label,
            'field': f'custom_{d.key}',
            'align': 'left',
            'sortable': False,
        }
        for d in definitions
    )


def country_options() -> list[dict[str, str]]:
    return [{'value': code, 'label': f'{name} ({code})'} for code, name in countries().items()]


class CustomerGrid(Element, component='customer_grid.js', dependencies=[AUTOCOMPLETE_JS, IN_ORDER_JS]):
    def __init__(self, *, visible_columns: list[str], extra_columns: tuple[dict[str, Any], ...] = ()) -> None:
        super().__init__()
        self._props['rows'] = ()
        self._props['columns'] = _columns(current_language()) + extra_columns
        self._props['pagination'] = {}
        self._props['visible-columns'] = tuple(visible_columns)
        self._props['selected-ids'] = ()
        self._props['answered'] = {'page': 0, 'selection': 0}  # the newest request of each kind answered (seq)
        self._props['categories'] = ()
        self._props['countries-url'] = f'{COUNTRIES_PATH}?lang={current_language()}'
        self._props['edit-result'] = None
        self._props['texts'] = {
            **pager_texts(_('Customers per page'), _('{first}–{last} of {total}')),
            'save': _('Save'),
            'cancel': _('Cancel'),
            'archived': _('Archived'),
            'selectAll': _('Select all rows'),
            'select': _('Select'),
        }
        self._props['no-data-label'] = ''

    def no_data(self, *, only_archived: bool) -> None:
        """The empty table's line: a search or filter that finds nobody, or no customer left but archived ones."""
        self._props['no-data-label'] = (
            _('No active customers; the others are archived (Show archived).')
            if only_archived
            else _('No customers match. Change the search or the filter.')
        )

    @property
    def rows(self) -> list[dict[str, Any]]:
        return list(self._props['rows'])

    @property
    def visible_ids(self) -> set[int]:
        return {row['id'] for row in self._props['rows']}

    def show(self, page: CustomerPage, query: ListQuery) -> None:
        self._props['rows'] = tuple(row_dict(row) for row in page.rows)
        self._props['pagination'] = {
            'page': page.page,
            'rowsPerPage': page.per_page,
            'rowsNumber': page.total,
            'sortBy': query.sort,
            'descending': query.descending,
        }
        self.update()

    def patch_row(self, row: CustomerRow) -> bool:
        """Redraw one row if it is on the page and not older than what is shown; True when it was."""
        rows: tuple[dict[str, Any], ...] = self._props['rows']
        for index, shown in enumerate(rows):
            if shown['id'] == row.id and row.version >= shown['version']:
                self._props['rows'] = (*rows[:index], row_dict(row), *rows[index + 1 :])
                self.update()
                return True
        return False

    def set_categories(self, categories: list[CategoryView]) -> None:
        self._props['categories'] = tuple(
            {**category.model_dump(include={'id', 'name', 'colour'}), 'text': text_on(category.colour)}
            for category in categories
        )
        self.update()

    def set_visible_columns(self, names: list[str]) -> None:
        self._props['visible-columns'] = tuple(names)
        self.update()

    def set_selected(self, ids: list[int]) -> None:
        self._props['selected-ids'] = tuple(ids)
        self.update()

    def answered(self, kind: str, seq: int) -> None:
        """The browser's request `seq` of `kind` ('page' or 'selection') is answered: the props show its outcome."""
        answered: dict[str, int] = self._props['answered']
        if seq > answered.get(kind, 0):
            self._props['answered'] = {**answered, kind: seq}
            self.update()

    def static_html(self) -> str:
        """The table as customer_grid.js draws it (grid_markup.py); raises Unsupported for what it does not draw."""
        return grid_html(self._props, list(self._classes))

    def answer(self, request: int, *, ok: bool, message: str = '', close: bool = False) -> None:
        """Tell the open editor how its save went: close it, or show `message` at the cell."""
        self._props['edit-result'] = {'req': request, 'ok': ok, 'message': message, 'close': close}
        self.update()


def row_dict(row: CustomerRow) -> dict[str, Any]:
    custom = {f'custom_{key}': shown_text(value) for key, value in row.custom.items()}
    return {
        **row.model_dump(mode='json', exclude={'created_at', 'custom'}),
        'created': format_date(row.created_at),
        **custom,
    }
