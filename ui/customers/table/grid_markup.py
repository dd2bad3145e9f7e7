"""The customer table's page of rows as customer_grid.js and Quasar's QTable draw it, as static HTML (the first paint,
ui/customers/table/first_paint.py; the markup rules are in ui/common/static_markup.py).

Row data is written only as escaped text; a category's colour only in the form #rrggbb; links from the customer number,
URL-quoted. Nothing is focusable or clickable: the copy is inert.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from ui.common.static_markup import HEX_COLOUR, Unsupported, attr, button, classes, icon, text

_SORT_ICON = icon('arrow_upward', 'q-table__sort-icon q-table__sort-icon--left')
_BOX = '<input type="checkbox" class="cb-select no-outline">'
_GROUPS = re.compile(r'\B(?=(\d{3})+(?!\d))')


def grid_html(props: dict[str, Any], own_classes: Sequence[str]) -> str:
    """`props`: the CustomerGrid element's props (rows, columns, visible-columns, pagination, categories, texts).
    Raises Unsupported for a page without rows (QTable's empty-table line) or with rows selected."""
    rows = props['rows']
    if not rows or props['selected-ids']:
        raise Unsupported('an empty table or a selection')
    visible = set(props['visible-columns'])
    columns = [column for column in props['columns'] if column.get('required') or column['name'] in visible]
    pagination = props['pagination']
    by_id = {category['id']: category for category in props['categories']}
    head = ''.join(_header(column, pagination) for column in columns)
    body = ''.join(_row(columns, row, props['texts'], by_id) for row in rows)
    return (
        f'<div class="{classes("q-table__container q-table--horizontal-separator column no-wrap q-table__card", "q-table--flat q-table--bordered q-table--no-wrap", own_classes)}">'  # noqa: E501
        '<div class="q-table__middle scroll [&amp;_th]:px-2! [&amp;_td]:px-2!"><table class="q-table">'
        f'<thead><tr><th class="q-table--col-auto-width">{_BOX}</th>{head}</tr></thead><tbody>{body}</tbody>'
        f'</table></div>{_bottom(pagination, props["texts"])}</div>'
    )


def _header(column: dict[str, Any], pagination: dict[str, Any]) -> str:
    if column.get('align') != 'left':
        raise Unsupported('a column not aligned left (QTable puts its sort icon first)')
    align = 'text-left'
    if not column.get('sortable'):
        return f'<th class="{align}">{text(column["label"])}</th>'
    state = ''
    if column['name'] == pagination.get('sortBy'):
        state = 'sorted sort-desc' if pagination.get('descending') else 'sorted'
    return f'<th class="{classes(align, "sortable", state)}">{text(column["label"])}{_SORT_ICON}</th>'


def _row(columns: Sequence[dict[str, Any]], row: dict[str, Any], texts: dict[str, str], by_id: dict[int, Any]) -> str:
    cells = ''.join(
        f'<td class="{_cell_class(column, row)}">{_cell(column, row, texts, by_id)}</td>' for column in columns
    )
    return f'<tr><td class="q-table--col-auto-width">{_BOX}</td>{cells}</tr>'


def _cell_class(column: dict[str, Any], row: dict[str, Any]) -> str:
    """As customer_grid.js's cellClass (no cell is being edited)."""
    return classes(
        f'q-td text-{column.get("align") or "right"}',
        'text-grey-8' if row.get('archived') else '',
        'whitespace-normal! break-keep' if column.get('wrap') else '',
        'cursor-pointer hover:bg-blue-50' if column.get('editor') else '',
    )


def _cell(column: dict[str, Any], row: dict[str, Any], texts: dict[str, str], by_id: dict[int, Any]) -> str:
    name = column['name']
    if name in ('number', 'name'):
        href = '/customers/' + quote(str(row['number']), safe='')
        link = f'<a href="{attr(href)}" class="text-primary">{text(row[name])}</a>'
        if name == 'name':
            return link + icon('edit', 'inline! text-grey-5 q-ml-xs').replace('<i ', '<i style="font-size: 18px;" ', 1)
        if row.get('archived'):
            badge = 'q-badge flex inline items-center no-wrap q-badge--single-line bg-orange q-ml-sm'
            link += f'<div class="{badge}">{text(texts["archived"])}</div>'
        return link
    if name == 'categories':
        return ''.join(_row_chip(by_id[i]) for i in row.get('category_ids') or () if i in by_id)
    value = row.get(column['field'])
    if name == 'email' and value:
        local, at, domain = str(value).rpartition('@')
        return f'{text(local + at)}<wbr>{text(domain)}'  # as the live table: a line may break after the @ only
    if not isinstance(value, str | None):
        raise Unsupported('a value Vue would show differently (row_dict gives text)')
    return text(value)


def _row_chip(category: dict[str, Any]) -> str:
    colour = category.get('colour') or ''
    if not HEX_COLOUR.fullmatch(colour):
        raise Unsupported('a category colour the live table would draw differently')
    names = classes('q-chip row inline no-wrap items-center q-chip--colored q-chip--dense q-chip--square')
    return (
        f'<div class="{names} text-{attr(category["text"])}" style="background-color: {colour}">'
        f'<div class="q-chip__content col row no-wrap items-center q-anchor--skip">{text(category["name"])}</div></div>'
    )


def _bottom(pagination: dict[str, Any], texts: dict[str, str]) -> str:
    """QTable's bottom: rows per page (a borderless select), the range, and the page buttons QTable shows (previous and
    next from two pages, first and last from three)."""
    page, per, total = pagination['page'], pagination['rowsPerPage'], pagination['rowsNumber']
    first = (page - 1) * per + 1
    last = min(page * per, total) if per else total

    def whole(number: int) -> str:
        return _GROUPS.sub(lambda _match: texts['group'], str(number))

    label = texts['range'].replace('{first}', whole(first)).replace('{last}', whole(last))
    label = label.replace('{total}', whole(total))
    per_page = (
        '<label class="q-field row no-wrap items-start q-field--borderless q-select q-field--auto-height '
        'q-select--without-input q-select--without-chips q-select--single q-field--float q-field--dense '
        'q-table__select inline q-table__bottom-item"><div class="q-field__inner relative-position col self-stretch">'
        '<div class="q-field__control relative-position row no-wrap text-grey-8">'
        '<div class="q-field__control-container col relative-position row no-wrap q-anchor--skip">'
        f'<div class="q-field__native row items-center"><span class="ellipsis">{attr(per)}</span>'
        f'<input class="q-select__focus-target" readonly value="{attr(per)}"></div></div>'
        '<div class="q-field__append q-field__marginal row no-wrap items-center q-anchor--skip">'
        f'{icon("arrow_drop_down", "q-select__dropdown-icon")}</div></div></div></label>'
    )
    pages = max(1, math.ceil(total / per)) if per else 1
    nav = {'flat': True, 'round': True, 'dense': True, 'color': 'grey-8'}
    buttons = []
    if pages > 1:
        at_start, at_end = page <= 1, page >= pages
        if pages > 2:
            buttons.append(button({**nav, 'icon': 'first_page', 'disable': at_start}))
        buttons.append(button({**nav, 'icon': 'chevron_left', 'disable': at_start}))
        buttons.append(button({**nav, 'icon': 'chevron_right', 'disable': at_end}))
        if pages > 2:
            buttons.append(button({**nav, 'icon': 'last_page', 'disable': at_end}))
    return (
        '<div class="q-table__bottom row items-center justify-end"><div class="q-table__separator col"></div>'
        f'<div class="q-table__control"><span class="q-table__bottom-item">{text(texts["perPage"])}</span>{per_page}'
        f'</div><div class="q-table__control"><span class="q-table__bottom-item">{text(label)}</span>'
        f'{"".join(buttons)}</div></div>'
    )
