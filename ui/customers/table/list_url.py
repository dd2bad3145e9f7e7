"""The customer list's view in the URL query, so a view can be bookmarked and sent to a colleague.

`/customers?q=garcia&cat=3,7&mode=all&sort=-name&page=2&per=50&archived=1&cols=number,name,city`; defaults are left
out. The Reports drill-down adds `inv=2026-01-01..2026-01-31` (invoiced in), `pay=...` (paid in) and `nocat=1`.
Whatever arrives is checked by ListQuery (unknown values fall back to the defaults).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit

from starlette.datastructures import QueryParams

from services.customers.list.spec import ListQuery, period_text
from ui.customers.table.customer_grid import DEFAULT_COLUMNS, LABELS

CUSTOM_COLUMN = re.compile(r'custom_[a-z0-9_]{1,40}')

PATH = '/customers'


def view_from_params(params: Mapping[str, str]) -> tuple[ListQuery, list[str]]:
    """The list query and the visible columns a URL query asks for."""
    sort = params.get('sort', '-number')
    query = ListQuery(
        search=params.get('q', ''),
        category_ids=[part for part in params.get('cat', '').split(',') if part],
        mode=params.get('mode', 'any'),
        sort=sort.lstrip('-'),
        descending=sort.startswith('-'),
        page=params.get('page', 1),
        per_page=params.get('per', 0),
        archived=params.get('archived') == '1',
        invoiced_in=params.get('inv'),
        paid_in=params.get('pay'),
        uncategorised=params.get('nocat') == '1',
    )
    return query, columns_from(params.get('cols', ''))


def view_from_path(path: str) -> tuple[ListQuery, list[str]]:
    return view_from_params(QueryParams(urlsplit(path).query))


def columns_from(text: str) -> list[str]:
    """The chosen columns in table order; custom field columns (`custom_<key>`) follow the built-in ones."""
    names = text.split(',')
    chosen = {name for name in names if name in LABELS}
    custom = [name for name in names if CUSTOM_COLUMN.fullmatch(name)]
    if not chosen and not custom:
        return list(DEFAULT_COLUMNS)
    return [name for name in LABELS if name in chosen or name in ('number', 'name')] + custom


def url_for(query: ListQuery, columns: list[str]) -> str:
    defaults = ListQuery()
    params: dict[str, str] = {}
    if query.search:
        params['q'] = query.search
    if query.category_ids:
        params['cat'] = ','.join(str(category_id) for category_id in query.category_ids)
    if query.mode != defaults.mode:
        params['mode'] = query.mode.value
    if (query.sort, query.descending) != (defaults.sort, defaults.descending):
        params['sort'] = f'{"-" if query.descending else ""}{query.sort}'
    if query.page != 1:
        params['page'] = str(query.page)
    if query.per_page != defaults.per_page:
        params['per'] = str(query.per_page)
    if query.archived:
        params['archived'] = '1'
    if query.invoiced_in:
        params['inv'] = period_text(query.invoiced_in)
    if query.paid_in:
        params['pay'] = period_text(query.paid_in)
    if query.uncategorised:
        params['nocat'] = '1'
    if columns != DEFAULT_COLUMNS:
        params['cols'] = ','.join(columns)
    return f'{PATH}?{urlencode(params)}' if params else PATH
