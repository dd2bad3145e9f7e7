"""Fuzz: every write path either saves something that is valid when read back, or answers with a field error.

Never an unhandled exception (one that is not a `ClientbookError`): such an exception leaves the form without an
answer. Inputs are drawn by hypothesis from text that has broken saves before: Unicode digits (`²`), characters
whose case-folded or decomposed form is longer (`ß`, `ﬃ`), URL brackets, bidi controls, very long values, plus
plain random text. Paths: registration (with custom fields and a welcome invoice), a table cell, the profile form,
custom field definitions, company settings, invoice lines and products, on SQLite and (when configured) PostgreSQL.
The import path (a file's row through the preview and the run) must store what the form stores for the same values,
or refuse the same fields.

`UNHANDLED` counts the unhandled exceptions over the whole run (`-s` prints it); it must stay 0.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE

from models import Customer, CustomFieldKind, ImportChange, Note
from services.core.actors import SYSTEM
from services.core.db import tortoise_config
from services.core.errors import ClientbookError, DuplicateFound, ValidationFailed
from services.customers.custom_fields import FieldDefinition, list_definitions, save_definition
from services.customers.drafts import CustomerDraft, check_draft
from services.customers.duplicates import name_index
from services.customers.edit.change import change_customer
from services.customers.edit.stored_drafts import stored_drafts
from services.customers.registration import create_customer
from services.customers.registration_settings import set_default_country
from services.customers.transfer.preview import ImportOptions, preview_import
from services.customers.transfer.run import run_import
from services.customers.transfer.table import Table
from services.customers.transfer.undo import undo_import
from services.invoicing.catalogue import ProductDraft, check_product, create_product, list_products
from services.invoicing.company_profile import (
    CompanyProfileDraft,
    check_profile,
    get_company_profile,
    profile_draft,
    update_company_profile,
)
from services.invoicing.drafts import InvoiceDraft, LineDraft
from services.invoicing.invoices import create_invoice
from tests.conftest import BACKENDS
from tests.factories import set_up_company, spanish_draft

T = TypeVar('T')
TRICKY = [
    '²', '1, ², 7', '٣٠', '３０', '1e3', '-1', '14 ', '0x10', '１４', '⁵', '½', '',
    'http://[', 'https://[::1', 'http://]', 'http://a.b:99999', 'ftp://x', 'https://exa mple.com', 'https://例え.jp',
    'ß' * 30, 'ﬃ' * 70, 'ﬃ' * 7, 'ǅ' * 60, 'İ' * 120, '\u202e' + 'fdp.exe', 'a\u200bb', '\u0000x', '\ufeff',
    'x' * 60, 'x' * 201, '9' * 41, '9' * 25, 'DE' + '9' * 40, 'A' * 30, '   ', '\n\n', 'a@b', 'a' * 70 + '@b.com',
    'x@' + 'ü' * 60 + '.example', '+1 201 555 0123 ext. ' + '9' * 40, '2024-02-30', '99999-12-31', '1,5', 'NaN',
    'Infinity', '1e99999', '١٢٣', '12,345.678', '€ 12,50', '#1E4E79', 'Europe/Berlin', '../etc', '{name}', '{x}',
]  # fmt: skip
ALPHABET = st.sampled_from(list('aZ09 ,.-/+@#²³½ßﬃİǅ٣３\u202e\u200b\u00a0\t\n[]:{}%€김é'))
TEXT = st.one_of(
    st.sampled_from(TRICKY),
    st.text(ALPHABET, max_size=30),
    st.text(ALPHABET, min_size=35, max_size=260),
    st.text(max_size=40),
    st.builds(lambda a, b: a + b, st.sampled_from(TRICKY), st.text(ALPHABET, max_size=8)),
)
TERMS = st.one_of(st.sampled_from(['', '14', '0', '365']), TEXT)
COUNTRIES = st.sampled_from(['DE', 'KR', 'US', 'ES', 'GB', 'BR', 'AQ', 'AF', 'MN', 'XX', '', 'de', 'ZZZ'])
UNHANDLED: list[tuple[str, BaseException]] = []
OUTCOMES: Counter[tuple[str, str]] = Counter()  # (path, 'saved' | 'field error') -> count
SETTINGS = settings(
    max_examples=int(os.environ.get('CLIENTBOOK_FUZZ_EXAMPLES', '40')),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


class Runner:
    """One event loop with an open ORM for a whole hypothesis run (re-initialising per example is slow)."""

    def __init__(self, url: str) -> None:
        self.loop = asyncio.new_event_loop()
        self.url = url

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(coroutine)

    def close(self) -> None:
        self.run(Tortoise.close_connections())
        self.loop.close()


@pytest.fixture(params=BACKENDS)
def runner(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Runner]:
    if request.param == 'sqlite':
        path = tmp_path / 'fuzz.sqlite3'
        shutil.copy(request.getfixturevalue('sqlite_template'), path)
        url = f'sqlite://{path}'
    else:
        url = request.getfixturevalue('postgres_database')
    EXECUTOR_CACHE.clear()
    runner = Runner(url)
    runner.run(Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True))
    if request.param == 'postgres':
        from tests.conftest import _truncate_all

        runner.run(_truncate_all())
    name_index.reset()
    runner.run(set_up_company())
    try:
        yield runner
    finally:
        runner.close()


def answered(path: str, runner: Runner, call: Callable[[], Awaitable[T]]) -> T | None:
    """The result, or None when the use case refused with a ClientbookError; anything else is counted and raised."""
    try:
        result = runner.run(_awaited(call))
    except ClientbookError:
        OUTCOMES[path, 'field error'] += 1
        return None
    except Exception as error:
        UNHANDLED.append((path, error))
        raise
    OUTCOMES[path, 'saved'] += 1
    return result


async def _awaited(call: Callable[[], Awaitable[T]]) -> T:
    return await call()


async def assert_customer_valid(customer_id: int) -> None:
    """What is stored passes the registration check again (nothing but required fields may be missing)."""
    definitions = await list_definitions()
    customer = await Customer.get(id=customer_id).prefetch_related('categories')
    draft = (await stored_drafts([customer], definitions))[customer_id]
    report = check_draft(draft, frozenset(), definitions)
    assert report.can_save, (report.errors, draft)


DRAFT_FIELDS = [
    'name', 'contact_person', 'email', 'phone', 'street', 'postal_code', 'city', 'country', 'tax_id',
    'payment_terms', 'categories', 'note', 'custom',
]  # fmt: skip


def overrides(keys: list[str], values: st.SearchStrategy[Any] = TEXT) -> st.SearchStrategy[dict[str, Any]]:
    """One to three of `keys` with fuzzed values: the rest stays valid, so many examples save."""
    return st.lists(st.sampled_from(keys), min_size=1, max_size=3, unique=True).flatmap(
        lambda chosen: st.fixed_dictionaries({key: values for key in chosen})
    )


@st.composite
def customer_drafts(draw: st.DrawFn) -> CustomerDraft:
    changes = draw(overrides(DRAFT_FIELDS))
    if 'country' in changes:
        changes['country'] = draw(COUNTRIES)
    if 'categories' in changes:
        changes['categories'] = draw(st.lists(TEXT, min_size=1, max_size=3))
    if 'custom' in changes:
        changes['custom'] = draw(st.fixed_dictionaries({key: TEXT for key in ('website', 'since', 'size', 'vip')}))
    changes.setdefault('email', f'{draw(st.uuids()).hex[:8]}@example.com')  # no duplicate to confirm
    return spanish_draft(**{'kind': draw(st.sampled_from(['company', 'person'])), 'tax_id': '', **changes})


async def _custom_fields() -> None:
    if await list_definitions():
        return
    for label, kind in (
        ('Website', CustomFieldKind.URL),
        ('Since', CustomFieldKind.DATE),
        ('Size', CustomFieldKind.NUMBER),
        ('VIP', CustomFieldKind.YES_NO),
    ):
        await save_definition(FieldDefinition(label=label, kind=kind), by=SYSTEM)


def lines() -> st.SearchStrategy[list[LineDraft]]:
    valid = {'description': 'Consulting', 'quantity': '2', 'unit': 'h', 'unit_price': '90', 'vat_rate': '19'}
    line = overrides(list(valid)).map(lambda changes: LineDraft(**{**valid, **changes}))
    return st.lists(line, min_size=1, max_size=3)


@SETTINGS
@given(
    draft=customer_drafts(), welcome=st.one_of(st.none(), st.builds(InvoiceDraft, lines=lines(), payment_terms=TERMS))
)
def test_registration(runner: Runner, draft: CustomerDraft, welcome: InvoiceDraft | None) -> None:
    runner.run(_custom_fields())
    view = answered('registration', runner, lambda: create_customer(draft=draft, by=SYSTEM, welcome=welcome))
    if view is not None:
        runner.run(assert_customer_valid(view.id))


def _existing(runner: Runner) -> tuple[int, int]:
    async def make() -> tuple[int, int]:
        customer = await Customer.filter(erased_at__isnull=True).first()
        if customer is None:
            view = await create_customer(draft=spanish_draft(), by=SYSTEM)
            return view.id, view.version
        return customer.id, customer.version

    return runner.run(make())


CELL_FIELDS = st.sampled_from(
    ['name', 'contact_person', 'email', 'phone', 'street', 'postal_code', 'city', 'country', 'tax_id', 'payment_terms']
)


@SETTINGS
@given(field=CELL_FIELDS, value=TEXT, categories=st.lists(TEXT, max_size=2))
def test_table_cell(runner: Runner, field: str, value: str, categories: list[str]) -> None:
    customer_id, version = _existing(runner)
    for changes in ({field: value}, {'categories': categories}):
        view = answered(
            'table cell',
            runner,
            lambda changes=changes, version=version: change_customer(  # type: ignore[misc]
                customer_id, changes, expected_version=version, seen={}, by=SYSTEM
            ),
        )
        if view is not None:
            runner.run(assert_customer_valid(customer_id))
            version = view.version


@SETTINGS
@given(draft=customer_drafts())
def test_profile_form(runner: Runner, draft: CustomerDraft) -> None:
    runner.run(_custom_fields())
    customer_id, version = _existing(runner)
    changes = draft.model_dump(exclude={'kind', 'note', 'consent_email', 'consent_phone', 'email'})
    view = answered(
        'profile', runner, lambda: change_customer(customer_id, changes, expected_version=version, by=SYSTEM)
    )
    if view is not None:
        runner.run(assert_customer_valid(customer_id))


@SETTINGS
@given(label=TEXT, kind=st.sampled_from(list(CustomFieldKind)), options=st.lists(TEXT, max_size=4), value=TEXT)
def test_custom_fields(runner: Runner, label: str, kind: CustomFieldKind, options: list[str], value: str) -> None:
    saved = answered(
        'custom field',
        runner,
        lambda: save_definition(FieldDefinition(label=label, kind=kind, options=options), by=SYSTEM),
    )
    if saved is None:
        return
    stored = [d for d in runner.run(list_definitions()) if d.id == saved.id]
    assert stored and stored[0].label == saved.label and 0 < len(saved.label) <= 80
    draft = spanish_draft(email=f'{uuid.uuid4().hex[:8]}@example.com', tax_id='', custom={saved.key: value})
    view = answered('custom value', runner, lambda: create_customer(draft=draft, by=SYSTEM))
    if view is not None:
        runner.run(assert_customer_valid(view.id))


IMPORTED = (
    'name', 'kind', 'contact_person', 'email', 'phone', 'street', 'postal_code', 'city', 'country', 'tax_id',
    'payment_terms', 'note',
)  # fmt: skip


def import_row(draft: CustomerDraft, definitions: list[FieldDefinition]) -> tuple[list[str], list[str]]:
    """The draft as a file's row: one column per field, categories joined by `;`, custom fields by their key."""
    mapping = [*IMPORTED, 'categories', 'consent_email', 'consent_phone']
    cells = [str(getattr(draft, key)) for key in IMPORTED]
    cells += [';'.join(draft.categories), 'yes' if draft.consent_email else '', 'yes' if draft.consent_phone else '']
    for definition in definitions:
        mapping.append(f'custom:{definition.key}')
        cells.append(str(draft.custom.get(definition.key, '')))
    return mapping, cells


async def stored_as_draft(customer_id: int) -> dict[str, Any]:
    definitions = await list_definitions()
    customer = await Customer.get(id=customer_id).prefetch_related('categories')
    draft = (await stored_drafts([customer], definitions))[customer_id].model_dump()
    draft['note'] = await Note.filter(customer_id=customer_id).values_list('body', flat=True)
    return draft


async def through_import(draft: CustomerDraft) -> tuple[dict[str, Any] | None, set[str]]:
    """(what the import stored, or None) and the fields it refused; the customer is removed again by undo."""
    definitions = await list_definitions()
    mapping, cells = import_row(draft, definitions)
    table = Table(kind='csv', headers=mapping, rows=[cells], row_numbers=[2])
    batch = await run_import(table, ImportOptions(mapping=mapping, match_key='none'), by=SYSTEM, name='fuzz')
    if batch.rejected_count:
        preview = await preview_import(table, ImportOptions(mapping=mapping, match_key='none'), by=SYSTEM)
        problems = preview.verdicts[0].problems
        return None, {mapping[column].removeprefix('custom:') if column >= 0 else 'row' for column in problems}
    change = await ImportChange.filter(batch_id=batch.id).first()
    assert change is not None
    stored = await stored_as_draft(change.customer_id)
    await undo_import(batch.id, by=SYSTEM)
    return stored, set()


@SETTINGS
@given(draft=customer_drafts())
def test_import_stores_what_the_form_stores(runner: Runner, draft: CustomerDraft) -> None:
    runner.run(_custom_fields())
    draft = draft.model_copy(update={'categories': [c.replace(',', ' ').replace(';', ' ') for c in draft.categories]})
    imported = answered('import', runner, lambda: through_import(draft))
    assert imported is not None
    stored, refused = imported
    try:
        view = runner.run(create_customer(draft=draft, by=SYSTEM))
    except DuplicateFound:
        OUTCOMES['import vs form', 'form asked about a duplicate'] += 1
        return  # the form asks first; the import lists possible duplicates in its preview instead
    except ValidationFailed as error:
        assert stored is None, ('the form refused, the import stored', error.errors, stored)
        form_refused = {key.removeprefix('custom:') for key in error.errors}
        assert refused == form_refused, (refused, form_refused)
        OUTCOMES['import vs form', 'same refusal'] += 1
        return
    assert stored is not None, ('the import refused, the form stored', refused)
    assert runner.run(stored_as_draft(view.id)) == stored
    OUTCOMES['import vs form', 'same stored'] += 1


@st.composite
def profile_drafts(draw: st.DrawFn) -> CompanyProfileDraft:
    valid = CompanyProfileDraft(name='Bäckerei Müller GmbH', sender_email='hallo@mueller.example').model_dump()
    texts = [key for key, value in valid.items() if isinstance(value, str)]
    changes = draw(overrides([*texts, 'welcome_texts']))
    if 'welcome_texts' in changes:
        language = draw(st.sampled_from(['es', 'ko', 'en', 'xx', '']))
        changes['welcome_texts'] = {language: {'subject': draw(TEXT), 'body': draw(TEXT)}}
    return CompanyProfileDraft(**{**valid, **changes})


@SETTINGS
@given(draft=profile_drafts(), country=COUNTRIES)
def test_company_settings(runner: Runner, draft: CompanyProfileDraft, country: str) -> None:
    answered('default country', runner, lambda: set_default_country(country, by=SYSTEM))
    profile = answered('company settings', runner, lambda: update_company_profile(draft=draft, by=SYSTEM))
    if profile is not None:
        stored = runner.run(get_company_profile())
        _values, errors = check_profile(profile_draft(stored))
        assert not errors, (errors, stored)


@SETTINGS
@given(invoice=st.builds(InvoiceDraft, lines=lines(), payment_terms=TERMS, message=st.one_of(st.just(''), TEXT)))
def test_invoice_lines(runner: Runner, invoice: InvoiceDraft) -> None:
    customer_id, _version = _existing(runner)
    number = runner.run(Customer.get(id=customer_id)).number
    key = uuid.uuid4().hex
    answered(
        'invoice', runner, lambda: create_invoice(customer_number=number, draft=invoice, request_key=key, by=SYSTEM)
    )


@SETTINGS
@given(
    draft=overrides(['name', 'unit', 'unit_price', 'vat_rate']).map(
        lambda changes: ProductDraft(
            **{'name': 'Bread', 'unit': 'pcs', 'unit_price': '3.5', 'vat_rate': '7', **changes}
        )
    )
)
def test_products(runner: Runner, draft: ProductDraft) -> None:
    product = answered('product', runner, lambda: create_product(draft=draft, by=SYSTEM))
    if product is not None:
        stored = next(p for p in runner.run(list_products()) if p.id == product.id)
        again = ProductDraft(
            name=stored.name, unit=stored.unit, unit_price=str(stored.unit_price), vat_rate=str(stored.vat_rate)
        )
        _values, errors, _choices = check_product(again, 'EUR')
        assert not errors, (errors, stored)


def test_zz_no_unhandled_exceptions() -> None:
    """Runs last in this module: the figure for the whole run."""
    print(f'\nsave fuzz: {sum(OUTCOMES.values())} saves tried, unhandled exceptions: {len(UNHANDLED)}')
    for (path, outcome), count in sorted(OUTCOMES.items()):
        print(f'  {path}: {outcome} {count}')
    assert not UNHANDLED, UNHANDLED[:5]
