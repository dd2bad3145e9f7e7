"""An imported customer is the customer registration stores from the same values: every column, the derived ones
(name and email keys, tax ID status and scheme, search text, category sort key), category links and their counts
(kept by triggers), notes and custom field values. Enough varied rows that the check runs in worker processes, and
the run reuses the preview's checks (a cell fixed after the preview is checked again)."""

from __future__ import annotations

import csv
import io
import random
from typing import Any

from models import Category, Customer, CustomFieldKind, CustomFieldValue, Note
from services.core.actors import SYSTEM
from services.core.errors import DuplicateFound
from services.core.numbering import customer_number
from services.core.values.validation import format_phone
from services.customers.categories import category_counts
from services.customers.custom_fields import FieldDefinition, save_definition
from services.customers.drafts import CustomerDraft
from services.customers.list.search_index import search_text_of
from services.customers.list.search_keys import search_key
from services.customers.registration import create_customer
from services.customers.transfer import checking
from services.customers.transfer.preview import ImportOptions, preview_import, row_draft
from services.customers.transfer.reading import read_table
from services.customers.transfer.run import run_import
from services.demo.seed import _customer

HEADER = ['Name', 'Type', 'Contact person', 'Email', 'Phone', 'Street', 'Postal code', 'City', 'Country', 'Tax ID',
          'Payment terms', 'Categories', 'Email consent', 'Phone consent', 'Note', 'Member since', 'Seats',
          'Partner']  # fmt: skip
MAPPING = ['name', 'kind', 'contact_person', 'email', 'phone', 'street', 'postal_code', 'city', 'country', 'tax_id',
           'payment_terms', 'categories', 'consent_email', 'consent_phone', 'note', 'custom:since', 'custom:seats',
           'custom:partner']  # fmt: skip
# fmt: off
EDGE_ROWS = [
    ['김민준', '개인', '', 'minjun.kim@example.kr', '010-1234-5678', '세종대로 110', '04524', '서울', 'KR', '', '30',
     'VIP; vip; 도매', '예', 'no', '첫 거래', '2024-03-01', '12', 'yes'],
    ['(주)한빛상사', '법인', '이서연', 'Seoyeon@Hanbit.Example.KR', '+82 2 312 3456', '테헤란로 152', '06236', '서울',
     '대한민국', '116-82-00276', '0', '도매', '', '', '', '', '', ''],
    ['Talleres Peña S.L.', 'empresa', 'José García', 'jose@peña.es', '612 34 56 78', 'Calle Mayor 12', '28013',
     'Madrid', 'España', 'B64717838', '14', 'Taller, VIP', 'sí', 'sí', 'Cliente desde 2019', '', '3,5', 'no'],
    ['Müller & Söhne GmbH', 'company', 'Jürgen Müller', 'info@mueller-soehne.de', '030 1234567 ext. 89',
     'Straße des 17. Juni 1', '10623', 'Berlin', 'Germany', 'DE136695976', '', '', 'yes', '', '', '', '', ''],
    ['  Ana   López  ', 'person', '', 'ANA.LOPEZ@EXAMPLE.ES', '0034 612-000-111', ' Gran Vía  1 ', '08001',
     'Barcelona', 'es', '', '', '', '', '', '', '', '', ''],
    ['Dupont SARL', 'company', '', 'contact@dupont.fr', '+33 1 42 68 53 00', '8 rue de Rivoli', '75004', 'Paris',
     'FR', 'FR40303265045', '45', 'Export', '', '', '', '', '', ''],
    ['No Country Ltd', 'company', '', 'hello@nocountry.example', '02-312-3456', '종로 1', '03154', '서울', '', '',
     '', '', '', '', '', '', '', ''],
    ['Bad Email', 'person', '', 'not-an-email', '030 901820', 'Unter den Linden 5', '10117', 'Berlin', 'DE', '', '',
     '', '', '', '', '', '', ''],
]
# fmt: on


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _demo_rows(count: int) -> list[list[str]]:
    rng = random.Random(7)
    rows = []
    for n in range(1, count + 1):
        c = _customer(customer_number(n), rng, [])
        categories = rng.choice(['', 'Retail', 'Retail; Export', 'vip'])
        rows.append([c.name, c.kind.value, c.contact_person, c.email, format_phone(c.phone), c.street, c.postal_code,
                     c.city, c.country, c.tax_id, str(c.payment_terms_days or ''), categories,
                     rng.choice(['yes', '']), rng.choice(['1', '']), '', '', str(n), ''])  # fmt: skip
    return rows


def _columns(customer: Customer) -> dict[str, Any]:
    """Every stored column but the ones that differ by nature (id, number, times); the search text without the
    number's key; consent times by presence."""
    values = {name: getattr(customer, name) for name in Customer._meta.db_fields}
    values['search_text'] = customer.search_text.removeprefix(search_key(customer.number))
    for name in ('consent_email_at', 'consent_phone_at'):
        values[name] = values[name] is not None
    for name in ('id', 'number', 'created_at', 'updated_at'):
        values.pop(name)
    return values


async def _extras(customer: Customer) -> tuple[list[str], list[str], list[tuple[Any, ...]]]:
    categories = sorted(await Category.filter(customers__id=customer.id).values_list('name', flat=True))
    notes = sorted(await Note.filter(customer_id=customer.id).values_list('body', flat=True))
    custom = sorted(
        await CustomFieldValue.filter(customer_id=customer.id).values_list(
            'definition_id', 'text', 'number', 'date', 'flag'
        ),
        key=str,
    )
    return [str(c) for c in categories], [str(n) for n in notes], [tuple(row) for row in custom]


async def test_imported_customers_equal_registered_ones(db: str) -> None:
    kinds = [('Member since', 'since', CustomFieldKind.DATE), ('Seats', 'seats', CustomFieldKind.NUMBER),
             ('Partner', 'partner', CustomFieldKind.YES_NO)]  # fmt: skip
    for label, key, kind in kinds:
        await save_definition(FieldDefinition(label=label, key=key, kind=kind), by=SYSTEM)
    rows = EDGE_ROWS + _demo_rows(90)
    assert len(rows) > checking.IN_PROCESS  # the rows are checked in worker processes
    table = read_table(_csv(rows), 'customers.csv', max_bytes=5 * 2**20)
    options = ImportOptions(mapping=list(MAPPING), match_key='none', default_country='KR')
    preview = await preview_import(table, options, by=SYSTEM)
    assert preview.counts['invalid'] == 1, [(v.index, v.problems) for v in preview.first('invalid')]
    bad = preview.first('invalid')[0]
    options.fixes[(bad.index, 3)] = 'bad.email@example.de'  # fixed after the preview: checked again by the run
    batch = await run_import(table, options, by=SYSTEM, name='same', preview=preview)
    assert (batch.created, batch.rejected_count) == (len(rows), 0)
    imported = await Customer.all().order_by('id')
    assert len(imported) == len(rows)
    registered = []
    for index, row in enumerate(rows):
        cells = [options.fixes.get((index, column), cell) for column, cell in enumerate(row)]
        values, _ = row_draft(cells, MAPPING, 'KR')
        draft = CustomerDraft.model_validate(values)
        try:
            view = await create_customer(draft=draft, by=SYSTEM)
        except DuplicateFound as found:
            view = await create_customer(
                draft=draft, by=SYSTEM, confirmed_duplicates=[m.customer_id for m in found.matches]
            )
        registered.append(await Customer.get(number=view.number))
    for mine, theirs in zip(imported, registered, strict=True):
        assert _columns(mine) == _columns(theirs), mine.name
        assert await _extras(mine) == await _extras(theirs), mine.name
    kim = imported[0]
    assert all(customer.search_text == search_text_of(customer) for customer in imported)
    assert kim.search_text.startswith(search_key(kim.number) + '|김민준|')
    counts = await category_counts()
    for category in await Category.all():
        linked = await Customer.filter(categories__id=category.id).count()
        assert counts.get(category.id, 0) == linked and linked % 2 == 0, category.name
