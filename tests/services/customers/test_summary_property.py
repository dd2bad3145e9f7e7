"""Property: for every customer field, what the registration summary shows equals what is stored, reloaded and
formatted (the profile, table, PDF and export all format the stored value with the same functions).

Inputs are drawn by hypothesis from the ways people type each field (spacing, case, separators, extensions, IDN
domains, VAT prefixes, scripts); each valid draft is saved through the registration path on a real SQLite database,
read back, and compared field by field.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tortoise import Tortoise

from models import Customer
from services.core.actors import SYSTEM
from services.core.db import tortoise_config
from services.core.values.validation import Status
from services.customers.drafts import CustomerDraft
from services.customers.duplicates import find_duplicates, name_index
from services.customers.registration import check_customer_draft, create_customer
from services.customers.views import get_customer_by_id, shown_values

PHONES = {
    'KR': ['010-1234-5678', '02-312-3456', '+82 10 1234 5678'],
    'US': ['(201) 555-0123', '(201) 555-0123 x123', '201.555.0123 ext. 7', '+1 212 555 0198'],
    'ES': ['612 34 56 78', '+34 912 345 678'],
    'DE': ['030 12345678', '030 12345678 #12', '+49 89 1234567'],
    'GB': ['020 7946 0958', '+44 161 496 0000'],
    'IE': ['01 234 5678', '+353 21 234 5678'],
    'GR': ['21 0123 4567'],
    'FR': ['01 42 68 53 00'],
    'NL': ['020 123 4567'],
    'JP': ['03-1234-5678'],
    'SE': ['08-123 456 78'],
    'BR': ['(11) 91234-5678'],
}
POSTAL_CODES = {
    'KR': ['04524', '03051'],
    'US': ['95014', '22162-1010', '221621010'],
    'ES': ['28013'],
    'DE': ['10115'],
    'GB': ['SW1A 1AA', 'SW1A1AA', 'ec1y 8sy', 'M2 5BQ', 'BFPO 61'],
    'IE': ['D02 X285', 'a65f4e2', 'D6W 1234'],
    'GR': ['104 31', '10431'],
    'FR': ['75008'],
    'NL': ['1234 AB', '1234ab'],
    'JP': ['154-0023', '1540023'],
    'SE': ['114 55', '11455'],
    'BR': ['40301-110', '40301110'],
}
TAX_IDS = {
    ('KR', 'company'): ['116-82-00276', '1168200276', '116 82 00276'],
    ('US', 'company'): ['04-2103594', '042103594', '91-1144442'],
    ('US', 'person'): ['536-90-4399', '04-2103594'],
    ('ES', 'company'): ['B64717838', 'ES B-64717838'],
    ('DE', 'company'): ['DE136695976', '136 695 976'],
    ('GB', 'company'): ['GB 980 7806 84', 'XI 980 7806 84', '980780684'],
    ('GR', 'company'): ['GR094019245', 'EL094019245', '094019245'],
    ('FR', 'company'): ['FR40303265045'],
    ('NL', 'company'): ['NL004495445B01'],
    ('BR', 'company'): ['11.222.333/0001-81'],
    ('BR', 'person'): ['390.533.447-05', '39053344705'],
}
LOCALS = ['Jane.Doe', 'billing', 'İstanbul', 'josé', '用户', 'a.b+tag', 'ANA']
DOMAINS = ['Example.com', 'bücher.example', 'EXAMPLE.kr', '例え.jp', 'correo.es']
LETTERS = st.sampled_from(list('AbcÉéßøŁłΩωЖж김민준山田שלוםشركةสมชายश्रीé '))


def respaced(value: str) -> st.SearchStrategy[str]:
    """The value as people type it: as is, lower- or upper-case, with spaces doubled or around it."""
    return st.sampled_from([value, value.lower(), value.upper(), value.replace(' ', '  '), f'  {value} '])


@st.composite
def drafts(draw: st.DrawFn) -> CustomerDraft:
    country = draw(st.sampled_from(sorted(PHONES)))
    kind = draw(st.sampled_from(['company', 'person']))
    tax_choices = TAX_IDS.get((country, kind), [''])
    return CustomerDraft(
        kind=kind,
        name=draw(st.text(LETTERS, min_size=1, max_size=40).filter(lambda text: text.strip())),
        contact_person=draw(st.text(LETTERS, max_size=40)),
        email=f'{draw(st.sampled_from(LOCALS))}@{draw(st.sampled_from(DOMAINS))}',
        phone=draw(st.sampled_from(PHONES[country]).flatmap(respaced)),
        street=draw(st.text(LETTERS, max_size=60)),
        postal_code=draw(st.sampled_from(POSTAL_CODES[country]).flatmap(respaced)),
        city=draw(st.text(LETTERS, min_size=1, max_size=30).filter(lambda text: text.strip())),
        country=country,
        tax_id=draw(st.sampled_from(tax_choices).flatmap(respaced)),
        payment_terms=draw(st.sampled_from(['', '0', '14', '30', '365'])),
        categories=draw(st.lists(st.sampled_from(['VIP', 'Wholesale', 'Großhandel', '단골']), max_size=2)),
        consent_email=draw(st.booleans()),
        consent_phone=draw(st.booleans()),
    )


async def _round_trip(url: str, draft: CustomerDraft) -> tuple[dict[str, Any], dict[str, str]] | None:
    await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)
    name_index.reset()
    try:
        report = await check_customer_draft(draft, SYSTEM)  # what the form's summary shows, required fields too
        if not report.can_save:
            return None
        promised = {key: check for key, check in report.checks.items() if check.status in (Status.OK, Status.HINT)}
        values = {key: check.value for key, check in report.checks.items()}
        matches = await find_duplicates(email=str(values['email'] or ''), tax_id=str(values['tax_id'] or ''))
        view = await create_customer(by=SYSTEM, draft=draft, confirmed_duplicates=[m.customer_id for m in matches])
        shown = shown_values(await get_customer_by_id(view.id))
        await Customer.filter(id=view.id).delete()
        return promised, shown
    finally:
        await Tortoise.close_connections()


@pytest.fixture
def database(tmp_path: Path, sqlite_template: Path) -> str:
    path = tmp_path / 'property.sqlite3'
    shutil.copy(sqlite_template, path)
    return f'sqlite://{path}'


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(draft=drafts())
def test_what_the_summary_shows_is_what_is_stored_reloaded_and_formatted(database: str, draft: CustomerDraft) -> None:
    result = asyncio.run(_round_trip(database, draft))
    if result is None:
        return
    promised, shown = result
    for key, check in promised.items():
        if key in shown:
            expected = shown[key]
            if key == 'categories':  # stored in the list's order (case-insensitively sorted)
                assert sorted(check.display.split(', ')) == sorted(expected.split(', ')), key
            else:
                assert check.display == expected, (key, draft)
