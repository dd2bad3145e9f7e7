"""Custom fields: each type validates its values; required ones block saving; deactivated ones keep values."""

from datetime import date
from decimal import Decimal

import pytest

from models import CustomFieldKind, Role
from services.core.actors import SYSTEM, Actor
from services.core.errors import Conflict, PermissionDenied, ValidationFailed
from services.core.i18n import language
from services.core.values.validation import Status
from services.customers.csv_export import export_customers_csv
from services.customers.custom_fields import (
    FieldDefinition,
    check_custom_value,
    list_definitions,
    save_definition,
    shown_text,
)
from services.customers.list.query import list_customers
from services.customers.list.spec import ListQuery
from services.customers.registration import create_customer
from services.customers.transfer.mapping import guess_mapping
from services.customers.transfer.preview import ImportOptions, preview_import
from services.customers.transfer.reading import read_table
from services.customers.views import get_customer
from tests.factories import korean_draft


def field(kind: CustomFieldKind, options: list[str] | None = None) -> FieldDefinition:
    return FieldDefinition(id=1, key='f', label='F', kind=kind, options=options or [])


@pytest.mark.parametrize(
    ('kind', 'raw', 'stored'),
    [
        (CustomFieldKind.TEXT, '  Gold member ', 'Gold member'),
        (CustomFieldKind.LONG_TEXT, 'line 1\nline 2', 'line 1\nline 2'),
        (CustomFieldKind.NUMBER, '1,5', Decimal('1.5')),
        (CustomFieldKind.NUMBER, '1,234.50', Decimal('1234.5')),
        (CustomFieldKind.NUMBER, '-42', Decimal('-42')),
        (CustomFieldKind.DATE, '2027-03-31', date(2027, 3, 31)),
        (CustomFieldKind.YES_NO, True, True),
        (CustomFieldKind.YES_NO, 'no', False),
        (CustomFieldKind.URL, 'example.com/shop', 'https://example.com/shop'),
        (CustomFieldKind.URL, 'http://intranet.example/x', 'http://intranet.example/x'),
        (CustomFieldKind.EMAIL, 'Billing@Example.com', 'Billing@example.com'),
    ],
)
def test_valid_values_are_normalised_by_type(kind: CustomFieldKind, raw: object, stored: object) -> None:
    check = check_custom_value(field(kind), raw)
    assert (check.status, check.value) == (Status.OK, stored)


@pytest.mark.parametrize(
    ('kind', 'raw', 'message'),
    [
        (CustomFieldKind.TEXT, 'x' * 201, 'At most 200 characters'),
        (CustomFieldKind.NUMBER, 'twelve', 'Not a number'),
        (CustomFieldKind.NUMBER, 'inf', 'Not a number'),
        (CustomFieldKind.DATE, '31.03.2027', 'A date as YYYY-MM-DD'),
        (CustomFieldKind.URL, 'javascript:alert(1)', 'http:// or https://'),
        (CustomFieldKind.URL, 'not a url', 'http:// or https://'),
        (CustomFieldKind.EMAIL, 'billing@', 'something after the @-sign'),
    ],
)
def test_invalid_values_are_errors(kind: CustomFieldKind, raw: str, message: str) -> None:
    check = check_custom_value(field(kind), raw)
    assert check.status == Status.ERROR
    assert message in check.message


def test_choice_accepts_only_its_options() -> None:
    choice = field(CustomFieldKind.CHOICE, ['Bronze', 'Silver', 'Gold'])
    assert check_custom_value(choice, 'gold').value == 'Gold'
    assert check_custom_value(choice, 'Platinum').message == 'One of: Bronze, Silver, Gold'


async def test_only_admins_define_fields(db: str) -> None:
    member = Actor(id=None, name='Mia', role=Role.MEMBER, can_view_notes=False)
    with pytest.raises(PermissionDenied):
        await save_definition(FieldDefinition(label='Industry', kind=CustomFieldKind.TEXT), by=member)
    with pytest.raises(ValidationFailed):
        await save_definition(FieldDefinition(label='Tier', kind=CustomFieldKind.CHOICE), by=SYSTEM)


async def test_required_custom_field_blocks_saving_in_the_service(db: str) -> None:
    await save_definition(FieldDefinition(label='Contract end', kind=CustomFieldKind.DATE, required=True), by=SYSTEM)
    with pytest.raises(ValidationFailed) as failure:
        await create_customer(by=SYSTEM, draft=korean_draft())
    assert failure.value.errors == {'custom:contract_end': 'Contract end is required'}
    with pytest.raises(ValidationFailed):
        await create_customer(by=SYSTEM, draft=korean_draft(custom={'contract_end': 'soon'}))
    view = await create_customer(by=SYSTEM, draft=korean_draft(custom={'contract_end': '2027-03-31'}))
    assert [(v.label, v.display) for v in view.custom] == [('Contract end', '2027-03-31')]


async def test_deactivated_field_keeps_its_values_and_stops_being_required(db: str) -> None:
    definition = await save_definition(
        FieldDefinition(label='Tier', kind=CustomFieldKind.CHOICE, options=['Gold', 'Silver'], required=True), by=SYSTEM
    )
    view = await create_customer(by=SYSTEM, draft=korean_draft(custom={'tier': 'gold'}))
    await save_definition(definition.model_copy(update={'active': False}), by=SYSTEM)
    assert await list_definitions() == []
    again = await get_customer(view.number)
    assert [(v.label, v.display, v.active) for v in again.custom] == [('Tier', 'Gold', False)]
    second = await create_customer(by=SYSTEM, draft=korean_draft(email='other@example.kr', name='Other'))
    assert second.custom == []


async def test_the_type_of_a_field_with_values_cannot_change(db: str) -> None:
    definition = await save_definition(FieldDefinition(label='Size', kind=CustomFieldKind.NUMBER), by=SYSTEM)
    await create_customer(by=SYSTEM, draft=korean_draft(custom={'size': '12'}))
    with pytest.raises(Conflict):
        await save_definition(definition.model_copy(update={'kind': CustomFieldKind.TEXT}), by=SYSTEM)


async def test_there_is_no_limit_on_the_number_of_fields(db: str) -> None:
    for i in range(30):
        await save_definition(FieldDefinition(label=f'Field {i}', kind=CustomFieldKind.TEXT), by=SYSTEM)
    view = await create_customer(by=SYSTEM, draft=korean_draft(custom={f'field_{i}': f'v{i}' for i in range(30)}))
    assert len(view.custom) == 30


async def test_custom_values_appear_in_list_rows_and_the_csv_export(db: str) -> None:
    await save_definition(FieldDefinition(label='Industry', kind=CustomFieldKind.TEXT), by=SYSTEM)
    view = await create_customer(by=SYSTEM, draft=korean_draft(custom={'industry': 'Cars'}))
    row = (await list_customers(ListQuery(), by=SYSTEM)).rows[0]
    assert row.custom == {'industry': 'Cars'}
    lines = (await export_customers_csv([view.id], by=SYSTEM)).decode('utf-8-sig').splitlines()
    assert lines[0].endswith(',Industry')
    assert lines[1].endswith(',Cars')


@pytest.mark.parametrize(('code', 'yes', 'no'), [('en', 'Yes', 'No'), ('es', 'Sí', 'No'), ('ko', '예', '아니요')])
async def test_yes_no_values_are_shown_in_the_users_language_and_export_and_import_back(
    db: str, code: str, yes: str, no: str
) -> None:
    await save_definition(FieldDefinition(label='Partner', kind=CustomFieldKind.YES_NO), by=SYSTEM)
    partner = await create_customer(by=SYSTEM, draft=korean_draft(custom={'partner': True}))
    other = await create_customer(
        by=SYSTEM, draft=korean_draft(name='Lee', email='lee@example.kr', custom={'partner': 0})
    )
    with language(code):
        assert check_custom_value(field(CustomFieldKind.YES_NO), True).display == yes
        rows = (await list_customers(ListQuery(sort='number', descending=False), by=SYSTEM)).rows
        assert [row.custom for row in rows] == [{'partner': True}, {'partner': False}]  # shared by every language
        assert [shown_text(row.custom['partner']) for row in rows] == [yes, no]
        assert [v.display for v in (await get_customer(partner.number)).custom] == [yes]
        data = await export_customers_csv([partner.id, other.id], by=SYSTEM)
    lines = data.decode('utf-8-sig').splitlines()
    assert [line.rsplit(',', 1)[1] for line in lines[1:]] == [yes, no]
    table = read_table(data, 'customers.csv', max_bytes=2**20)
    mapping = guess_mapping(table.headers, table.rows, custom=[('partner', 'Partner')])
    assert mapping[-1] == 'custom:partner'
    mapping[0] = 'number'  # the customer number's column, whatever its header says in this language
    with language('en'):  # a file exported in one language, imported by someone using another
        preview = await preview_import(table, ImportOptions(mapping=mapping, match_key='number'), by=SYSTEM)
    assert preview.counts['unchanged'] == 2, [(v.verdict, v.problems, v.changes) for v in preview.verdicts]


@pytest.mark.parametrize(
    ('raw', 'stored'),
    [('Sí', True), ('si', True), ('예', True), ('YES', True), ('1', True), ('No', False), ('아니요', False),
     ('false', False), ('0', False)],
)  # fmt: skip
def test_an_imported_yes_no_value_is_read_in_any_language(raw: str, stored: bool) -> None:
    check = check_custom_value(field(CustomFieldKind.YES_NO), raw)
    assert (check.status, check.value) == (Status.OK, stored)


def test_an_imported_yes_no_value_that_is_neither_is_an_error_not_a_no() -> None:
    check = check_custom_value(field(CustomFieldKind.YES_NO), 'maybe')
    assert (check.status, check.message) == (Status.ERROR, 'Yes or no')
