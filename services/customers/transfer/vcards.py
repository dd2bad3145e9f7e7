"""vCard 3.0/4.0 files as a table, one card per row (vobject parses each card; unknown properties are ignored).

A card that cannot be parsed becomes a row with a reason; the other cards are still read. The columns are fixed
(`VCARD_HEADERS`), so the mapping's first guesses fit them; Clientbook's own export adds `X-CLIENTBOOK-NUMBER` and
`X-CLIENTBOOK-TAX-ID` so an exported file imports back to the same customers.
"""

from __future__ import annotations

import re
from typing import Any

import vobject

from services.core.i18n import _
from services.customers.transfer.table import Rows, Table, add_row

VCARD_HEADERS = [
    'Name', 'Type', 'Organisation', 'Contact person', 'Email', 'Phone', 'Street', 'Postal code', 'City', 'Region',
    'Country', 'Tax ID', 'Customer number', 'Categories', 'Note',
]  # fmt: skip
CARD = re.compile(r'^BEGIN:VCARD\s*$.*?^END:VCARD\s*$', re.IGNORECASE | re.MULTILINE | re.DOTALL)


def read_vcards(text: str) -> Table:
    """Every `BEGIN:VCARD ... END:VCARD` block of `text`, one row each (row number = the card's position)."""
    table = Table(kind='vcard', headers=list(VCARD_HEADERS), rows=Rows(), row_numbers=[])
    for number, match in enumerate(CARD.finditer(text.replace('\r\n', '\n').replace('\r', '\n')), start=1):
        try:
            card = vobject.readOne(match.group(0), ignoreUnreadable=True)
            values = card_values(card)
        except Exception:
            add_row(table, [''] * len(VCARD_HEADERS), number)
            table.row_problems[len(table.rows) - 1] = _('This contact card could not be read.')
            continue
        add_row(table, [values.get(header, '') for header in VCARD_HEADERS], number)
    return table


def card_values(card: Any) -> dict[str, str]:
    """The columns of one parsed card (the first email and phone; the first address)."""
    contents: dict[str, list[Any]] = card.contents
    values: dict[str, str] = {}
    formatted = _text(contents, 'fn')
    organisation = _org(contents)
    kind = _text(contents, 'kind').lower()
    company = kind == 'org' or (bool(organisation) and (not formatted or formatted == organisation))
    values['Name'] = (organisation if company else formatted) or _structured_name(contents) or organisation
    values['Type'] = 'company' if company else 'person'
    values['Organisation'] = organisation
    values['Contact person'] = formatted if company and formatted != organisation else ''
    values['Email'] = _text(contents, 'email')
    values['Phone'] = _text(contents, 'tel').removeprefix('tel:')
    address = contents.get('adr', [None])[0]
    if address is not None and not isinstance(address.value, str):
        adr = address.value
        values['Street'] = ' '.join(part for part in (_joined(adr.street), _joined(adr.extended)) if part)
        values['Postal code'] = _joined(adr.code)
        values['City'] = _joined(adr.city)
        values['Region'] = _joined(adr.region)
        codes = address.params.get('CC') or address.params.get('cc') or []
        values['Country'] = str(codes[0]) if codes else _joined(adr.country)
    values['Tax ID'] = _text(contents, 'x-clientbook-tax-id')
    values['Customer number'] = _text(contents, 'x-clientbook-number')
    categories = contents.get('categories', [None])[0]
    if categories is not None:
        value = categories.value
        values['Categories'] = ', '.join(value) if isinstance(value, list) else str(value)
    values['Note'] = _text(contents, 'note')
    return values


def _text(contents: dict[str, list[Any]], name: str) -> str:
    lines = contents.get(name) or []
    return _joined(lines[0].value).strip() if lines else ''


def _org(contents: dict[str, list[Any]]) -> str:
    lines = contents.get('org') or []
    if not lines:
        return ''
    value = lines[0].value
    return ', '.join(part for part in value if part) if isinstance(value, list) else str(value)


def _structured_name(contents: dict[str, list[Any]]) -> str:
    lines = contents.get('n') or []
    if not lines or isinstance(lines[0].value, str):
        return ''
    name = lines[0].value
    return ' '.join(part for part in (_joined(name.given), _joined(name.family)) if part)


def _joined(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ' '.join(str(part) for part in value if part)
    return str(value or '')
