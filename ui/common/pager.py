"""One pager text for every table: `1\u201325 of 300` (digits in the page's locale) and a translated "per page" label.

Quasar's own default (`1-25 of 839`, "Records per page:") differs from the Customers grid's; every table takes its
texts from here instead (`use_pager` for `ui.table`, `pager_texts` for custom table components such as the grid).
The texts are our translations, never user data, and go into the JavaScript only as JSON string literals.
"""

from __future__ import annotations

import json

from nicegui import ui

from services.core.i18n import _, locale_of, pgettext


def pager_texts(per_page: str, range_text: str | None = None) -> dict[str, str]:
    """`range` (with `{first}`, `{last}`, `{total}`), `perPage` and the `locale` for the digits.

    `range_text` replaces the generic range where a language counts the rows' kind (Korean "{total}명" for people)."""
    generic = pgettext('pager', '{first}\u2013{last} of {total}')
    return {'range': range_text or generic, 'perPage': per_page, 'locale': locale_of().language}


def use_pager(table: ui.table, per_page: str | None = None) -> ui.table:
    """Give a Quasar table the shared pager texts; `per_page` labels the page-size choice ("Invoices per page",
    default "Rows per page")."""
    per_page = per_page or _('Rows per page')
    texts = pager_texts(per_page)
    template, locale = json.dumps(texts['range']), json.dumps(texts['locale'])
    table.props[':pagination-label'] = (
        f'(first, last, total) => {template}'
        f'.replace("{{first}}", first.toLocaleString({locale}))'
        f'.replace("{{last}}", last.toLocaleString({locale}))'
        f'.replace("{{total}}", total.toLocaleString({locale}))'
    )
    table.props['rows-per-page-label'] = per_page
    return table
