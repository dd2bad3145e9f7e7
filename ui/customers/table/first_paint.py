"""The customer list as plain HTML in the page's first response, shown before the JavaScript has started.

Measured in Chromium (bench/browser.py, /work/notes/issue16-open.md): most of the time until rows are visible went to
Vue and Quasar building the page (one long task of 0.2-1 s on a loaded 2-core machine), after which the rows that
were already in the response appeared. This module writes those same rows as a static table, with Quasar's CSS
classes so it looks like the live one, in a layer over the page (`#cb-first-paint`). The browser paints it as soon as
the HTML and the style sheets are in; the live table (customer_grid.js) removes the layer as soon as it is created, in
the task that then inserts the live page, so nothing else is shown in between (a Chromium test compares the rows of
both) and the start-up never restyles or lays out the layer again.

The layer's content is in a declarative shadow root (`<template shadowrootmode="open">`, attached by the HTML parser)
with a small style sheet of its own (first_paint_style.py): the document's big style sheets are never matched
against its ~550 elements, and Quasar's start-up (classes and attributes on <html> and <body>) no longer restyles
them; measured in /work/notes/shadowpaint.md. `document.querySelector` does not reach into it (`layer.shadowRoot`
does); Playwright's CSS selectors do.

Security: every value from the database goes through `html.escape` (quotes too); colours are used only when they are
`#rrggbb`; links are built from the customer number, URL-quoted. No script runs in the layer; the only scripts are two
constants after it: one drops the layer if the live table never comes (a failed mount), one measures early (below).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from nicegui import Client, __version__, ui

from services.core.values.formats import format_whole
from services.customers.categories import CategoryView
from ui.customers.table.first_paint_style import STYLE

if TYPE_CHECKING:
    from ui.customers.table.customer_table import CustomerTable

LAYER_ID = 'cb-first-paint'
SOURCE_ID = 'cb-first-paint-source'
_HEX = re.compile(r'^#[0-9a-fA-F]{6}$')
# Drops the layer if the live table never mounts (it normally goes earlier, in customer_grid.js's created()).
_FALLBACK = (
    "<script>document.addEventListener('DOMContentLoaded', () => setTimeout(() => "
    f"document.querySelectorAll('#{LAYER_ID}, #{SOURCE_ID}').forEach((e) => e.remove()), 0));</script>"
)
# The layer comes as an inert <template> (parsed, never styled or laid out) and is put on the page only when the browser
# is not known to have this NiceGUI version's scripts: no page of the app has finished loading in it since the version
# changed (a new browser profile, an upgrade), or Quasar's script is not in its HTTP cache (evicted; `only-if-cached`
# answers from the cache or fails at once; the body is not read). Then the scripts take most of a second to load and
# compile, and the layer shows the rows meanwhile. With the scripts cached the live table comes soon, and a layer on
# the page as well cost a second style and layout pass (51 ms more main-thread CPU per open, bench/open_ab.py).
# SCRIPTS_KEY is set by every page once it has loaded (install()). Once the live table is created it removes the
# template, so a late answer from the cache cannot put the layer over it.
SCRIPTS_KEY = 'clientbook-scripts'
_REVEAL = f"""<script>(() => {{
  const source = document.getElementById('{SOURCE_ID}');
  const script = document.querySelector('script[src*="/static/quasar.umd"]');
  const show = () => {{ if (source && source.isConnected) source.after(document.importNode(source.content, true)); }};
  let known = false;
  try {{ known = localStorage.getItem('{SCRIPTS_KEY}') === '{__version__}'; }} catch (error) {{}}
  if (!known || !script || !window.fetch) return show();
  fetch(script.src, {{ cache: 'only-if-cached', mode: 'same-origin' }}).then(
    (response) => {{ response.body?.cancel(); if (!response.ok) show(); }},
    show,
  );
}})();</script>"""
_LOADED = f"""<script>addEventListener('load', () => {{
  try {{ localStorage.setItem('{SCRIPTS_KEY}', '{__version__}'); }} catch (error) {{}}
}});</script>"""


def install() -> None:
    """Every page of the app records, once loaded, that the browser has this version's scripts (see _REVEAL)."""
    if _LOADED not in Client.shared_body_html:
        ui.add_body_html(_LOADED, shared=True)


# Quasar's layout measures the scrollbar's width once per page (a forced style and layout of the whole page) when it is
# created, after Quasar's start-up has changed the <html> and <body> attributes that every style depends on: that
# restyled all of this layer just before the live table removed it. Measured here instead (a module script runs after
# quasar.umd.js, before NiceGUI creates the app) the layer is still clean, and Quasar keeps the value for the page.
# Still worth it with the shadow root: without it Chromium restyled ~1,000 more elements during the open (a font and
# style-sheet update restyles the whole flat tree, shadow roots included, wherever the first forced style comes).
_MEASURE_EARLY = (
    f'<script type="module">if (document.getElementById("{LAYER_ID}")) '
    'globalThis.Quasar?.scroll?.getScrollbarWidth?.();</script>'
)


def add_first_paint(table: CustomerTable, title: str, menu: list[str]) -> None:
    """In the page's first HTTP response only: `table`'s rows as static HTML (first_paint_html), put on the page
    before the JavaScript runs in a browser without the scripts (_REVEAL). Navigating inside the app (no new HTML)
    shows the live table directly."""
    client = table.grid.client
    # Only while the first response is still to be built: later (the page took longer than the response waits,
    # or a navigation inside the app) NiceGUI would insert the HTML by script over the live table.
    if client.has_socket_connection or getattr(client, '_response_built', True):
        return
    props = table.grid.props
    pagination = props['pagination']
    shown = len(props['rows'])
    first = (pagination['page'] - 1) * pagination['rowsPerPage'] + 1 if shown else 0
    ui.add_body_html(
        first_paint_html(
            title=title,
            search_placeholder=table.search.props.get('placeholder', ''),
            total_text=table.total.text,
            categories=table.categories,
            selected=table.query.category_ids,
            columns=props['columns'],
            visible=table.columns,
            rows=props['rows'],
            texts=props['texts'],
            pager=(first, first + shown - 1 if shown else 0, pagination['rowsNumber']),
            sort=(table.query.sort, table.query.descending),
            menu=menu,
        )
    )
    # The page's HTML is built once; the copy NiceGUI keeps for it is not needed once the browser is connected.
    client.on_connect(lambda: setattr(client, '_body_html', ''))


def first_paint_html(
    *,
    title: str,
    search_placeholder: str,
    total_text: str,
    categories: Sequence[CategoryView],
    selected: Iterable[int],
    columns: Sequence[dict[str, Any]],
    visible: Sequence[str],
    rows: Sequence[dict[str, Any]],
    texts: dict[str, str],
    pager: tuple[int, int, int],
    sort: tuple[str, bool],
    menu: Sequence[str] = (),
) -> str:
    """The layer's HTML. `columns`/`rows` are the grid's props (column dicts, row_dict rows); `pager` is
    (first, last, total) for the pager text ("1-25 of 100,000", `texts['range']`); `sort`: (column, descending)."""
    shown = [column for column in columns if column.get('required') or column['name'] in visible]
    chosen = set(selected)
    by_id = {category.id: category for category in categories if category.id is not None}
    locale = texts.get('locale') or None
    parts = [
        # a declarative shadow root: the browser attaches it while parsing, no script needed
        f'<template id="{SOURCE_ID}"><div id="{LAYER_ID}" aria-hidden="true">',
        '<template shadowrootmode="open" shadowrootclonable>',
        STYLE,
        '<div class="cb-fp-header bg-primary text-white">',
        '<i class="q-icon material-icons" style="font-size: 24px; padding: 4px">menu</i>',
        '<div class="text-h6" style="margin-left: 20px">Clientbook</div></div>',
        '<div class="cb-fp-drawer bg-grey-1 q-pt-sm">',
        *(f'<div class="cb-fp-menu text-grey-9">{escape(entry)}</div>' for entry in menu),
        '</div><div class="cb-fp-main"><div class="cb-fp-content">',
        f'<div class="row items-center" style="height: 36px; margin-bottom: 16px">'
        f'<div class="text-h5">{escape(title)}</div></div>',
        '<div class="row items-center cb-fp-gap">',
        f'<div class="cb-fp-search">{escape(search_placeholder)}</div>',
        f'<div class="text-grey-8">{escape(total_text)}</div></div>',
        '<div class="row items-center" style="padding-left: 90px; gap: 0 4px; margin: -2px 0 14px">',
        *(_chip(category, category.id in chosen, locale) for category in categories),
        '</div>',
        _table(shown, rows, texts, pager, by_id, sort),
        '</div></div></template></div></template>',
        _REVEAL,
        _FALLBACK,
        _MEASURE_EARLY,
    ]
    return ''.join(parts)


def _table(
    columns: Sequence[dict[str, Any]],
    rows: Sequence[dict[str, Any]],
    texts: dict[str, str],
    pager: tuple[int, int, int],
    by_id: dict[int, CategoryView],
    sort: tuple[str, bool],
) -> str:
    head = ''.join(_header(column, sort) for column in columns)
    body = ''.join(_row(columns, row, texts, by_id) for row in rows)
    first, last, total = pager
    locale = texts.get('locale') or None
    pager_text = (
        texts['range']
        .replace('{first}', format_whole(first, locale=locale))
        .replace('{last}', format_whole(last, locale=locale))
        .replace('{total}', format_whole(total, locale=locale))
    )
    return (
        '<div class="q-table__container q-table--horizontal-separator column no-wrap q-table__card q-table--flat '
        'q-table--bordered q-table--no-wrap" style="width: 100%">'
        # tabindex -1: Chromium lets the keyboard focus a scroller with nothing focusable in it (the table is wider)
        '<div class="q-table__middle scroll" tabindex="-1"><table class="q-table"><thead><tr>'
        f'<th class="q-table--col-auto-width"><div style="width: 40px"></div></th>{head}</tr></thead>'
        f'<tbody>{body}</tbody></table></div>'
        '<div class="q-table__bottom row items-center justify-end">'
        f'<span class="q-table__bottom-item">{escape(texts["perPage"])}</span>'
        f'<span class="q-table__bottom-item">{escape(pager_text)}</span></div></div>'
    )


def _header(column: dict[str, Any], sort: tuple[str, bool]) -> str:
    """A header cell as QTable draws it: the sort arrow of a sortable column (visible on the sorted one)."""
    label = escape(str(column['label']))
    if not column.get('sortable'):
        return f'<th class="text-left">{label}</th>'
    sorted_by = ''
    if column['name'] == sort[0]:
        sorted_by = ' sorted sort-desc' if sort[1] else ' sorted sort-asc'
    icon = '<i class="q-icon material-icons q-table__sort-icon q-table__sort-icon--left">arrow_upward</i>'
    return f'<th class="text-left sortable{sorted_by}">{label}{icon}</th>'


def _row(
    columns: Sequence[dict[str, Any]], row: dict[str, Any], texts: dict[str, str], by_id: dict[int, CategoryView]
) -> str:
    grey = ' text-grey-8' if row.get('archived') else ''
    cells = ''.join(
        f'<td class="q-td text-left{grey}{" cb-fp-wrap" if column.get("wrap") else ""}">'
        f'{_cell(column, row, texts, by_id)}</td>'
        for column in columns
    )
    return f'<tr><td class="q-table--col-auto-width"><div style="width: 40px; height: 40px"></div></td>{cells}</tr>'


def _cell(column: dict[str, Any], row: dict[str, Any], texts: dict[str, str], by_id: dict[int, CategoryView]) -> str:
    name = column['name']
    if name in ('number', 'name'):
        href = '/customers/' + quote(str(row['number']), safe='')
        # tabindex -1: the layer is aria-hidden, so nothing in it may take the keyboard focus (the live table's will)
        link = f'<a href="{escape(href)}" class="text-primary" tabindex="-1">{escape(str(row[name]))}</a>'
        if name == 'number' and row.get('archived'):
            link += f'<span class="q-badge bg-orange q-ml-sm">{escape(texts["archived"])}</span>'
        return link
    if name == 'categories':
        shown = (by_id[i] for i in row.get('category_ids') or () if i in by_id)
        return ''.join(_row_chip(category) for category in shown)
    value = row.get(column['field'])
    if name == 'email' and value:
        local, at, domain = str(value).rpartition('@')
        return f'{escape(local + at)}<wbr>{escape(domain)}'  # as the live table: a line may break after the @ only
    return '' if value is None else escape(str(value))


def _colour(value: str) -> str:
    return value if _HEX.match(value or '') else '#757575'


def _chip(category: CategoryView, selected: bool, locale: str | None) -> str:
    colour = _colour(category.colour)
    style = f'background-color: {colour}' if selected else f'color: {colour}; border-color: {colour}'
    kind = 'q-chip--colored text-white' if selected else 'q-chip--outline'
    return (
        f'<div class="q-chip row inline no-wrap items-center {kind} q-chip--dense q-chip--square" style="{style}">'
        f'<div class="q-chip__content col row no-wrap items-center">{escape(category.name)}'
        f'<span class="text-weight-bold" style="margin-left: 4px">{format_whole(category.customers, locale=locale)}'
        '</span></div></div>'
    )


def _row_chip(category: CategoryView) -> str:
    colour = _colour(category.colour)
    return (
        f'<div class="q-chip row inline no-wrap items-center text-{_text_on(colour)} q-chip--colored q-chip--dense '
        f'q-chip--square" style="background-color: {colour}">'
        f'<div class="q-chip__content col row no-wrap items-center">{escape(category.name)}</div></div>'
    )


def _text_on(colour: str) -> str:
    """White or near-black text, whichever has the higher WCAG contrast (as customer_grid.js's textOn)."""

    def channel(i: int) -> float:
        c = int(colour[i : i + 2], 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    light = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    return 'white' if 1.05 / (light + 0.05) >= (light + 0.05) / 0.05 else 'black'
