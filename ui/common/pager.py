"""One pager text for every table: `1\u201325 of 1.120` (digits grouped as our own texts group them: Babel's
`format_whole`) and a translated "per page" label.

Quasar's own default (`1-25 of 839`, "Records per page:") differs from the Customers grid's; every table takes its
texts from here instead (`use_pager` for `ui.table`, `pager_texts` for custom table components such as the grid).
The texts are our translations, never user data, and go into the JavaScript only as JSON string literals.
The browser's `toLocaleString` is not used for the digits: it follows CLDR's minimum grouping, so Spanish got
`1-25 de 1120` beside our `1.120 clientes`; the server gives the group separator and the pager puts it in.
"""

from __future__ import annotations

import json

from nicegui import ui

from services.core.i18n import _, pgettext
from services.core.values.formats import whole_group_symbol

# A count's digits in groups of three with the separator `group` (as `format_whole` writes them).
WHOLE_JS = '(n) => String(n).replace(/\\B(?=(\\d{3})+(?!\\d))/g, () => %s)'


def pager_texts(per_page: str, range_text: str | None = None) -> dict[str, str]:
    """`range` (with `{first}`, `{last}`, `{total}`), `perPage` and the `group` separator for the digits.

    `range_text` replaces the generic range where a language counts the rows' kind (Korean "{total}명" for people)."""
    generic = pgettext('pager', '{first}\u2013{last} of {total}')
    return {'range': range_text or generic, 'perPage': per_page, 'group': whole_group_symbol()}


def use_pager(table: ui.table, per_page: str | None = None) -> ui.table:
    """Give a Quasar table the shared pager texts; `per_page` labels the page-size choice ("Invoices per page",
    default "Rows per page")."""
    per_page = per_page or _('Rows per page')
    texts = pager_texts(per_page)
    template, whole = json.dumps(texts['range']), WHOLE_JS % json.dumps(texts['group'])
    table.props[':pagination-label'] = (
        f'(first, last, total) => ((whole) => {template}'
        f'.replace("{{first}}", whole(first)).replace("{{last}}", whole(last)).replace("{{total}}", whole(total)))'
        f'({whole})'
    )
    table.props['rows-per-page-label'] = per_page
    return table
