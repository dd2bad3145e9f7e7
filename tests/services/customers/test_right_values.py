"""Customer values stored as the summary promised and shown the same way in the table, profile, PDF and export."""

import csv
import io

import pytest

from models import Customer, CustomerKind, Invoice, TaxIdStatus
from services.core.actors import SYSTEM
from services.core.errors import DuplicateFound, ValidationFailed
from services.core.values.validation import Status, check_postal_code, check_tax_id, format_tax_id
from services.customers.csv_export import export_customers_csv
from services.customers.drafts import CustomerDraft
from services.customers.duplicates import find_duplicates
from services.customers.edit.entry_points import update_customer
from services.customers.list.query import list_customers
from services.customers.list.spec import ListQuery
from services.customers.registration import create_customer, get_customer
from services.customers.views import draft_of
from tests.clock import FakeClock
from tests.factories import korean_draft, welcome_draft


def us_company(**changes: str) -> dict[str, str]:
    return {
        'kind': 'company', 'name': 'Acme Inc.', 'email': 'ap@acme.example', 'phone': '(201) 555-0123 x123',
        'street': '1 Main St', 'postal_code': '07030', 'city': 'Hoboken', 'country': 'US', 'tax_id': '04-2103594',
    } | changes  # fmt: skip


# --- tax IDs ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ('raw', 'status'), [('116-82-00277', Status.ERROR), ('116-82-00276', Status.OK), ('1168200276', Status.OK)]
)
def test_korean_business_numbers_have_their_check_digit_checked(raw: str, status: Status) -> None:
    check = check_tax_id(raw, 'KR')
    assert check.status == status
    assert check.verified == (status == Status.OK)


@pytest.mark.parametrize(
    ('raw', 'country', 'kind', 'shown'),
    [
        ('04-2103594', 'US', 'company', '04-2103594'),  # an EIN stays in the layout of an EIN
        ('042103594', 'US', 'company', '04-2103594'),
        ('536-90-4399', 'US', 'person', '536-90-4399'),  # an SSN for a person
        ('12345', 'IS', 'company', '12345'),
    ],
)
def test_schemes_without_a_check_digit_say_format_ok_and_never_valid(
    raw: str, country: str, kind: str, shown: str
) -> None:
    check = check_tax_id(raw, country, kind)
    assert (check.status, check.verified, check.display) == (Status.OK, False, shown)
    assert check.message.startswith('Format OK, check digit not verifiable')


@pytest.mark.parametrize(
    ('raw', 'country', 'stored', 'shown'),
    [
        ('GR094019245', 'GR', 'EL094019245', 'EL094019245'),
        ('EL 094 019 245', 'GR', 'EL094019245', 'EL094019245'),
        ('094019245', 'GR', 'EL094019245', 'EL094019245'),
        ('XI 980 7806 84', 'GB', 'XI980780684', 'XI 980 7806 84'),
        ('GB 980 7806 84', 'GB', '980780684', '980 7806 84'),
    ],
)
def test_vat_prefixes_map_to_one_canonical_form(raw: str, country: str, stored: str, shown: str) -> None:
    check = check_tax_id(raw, country)
    assert (check.status, check.value, check.display) == (Status.OK, stored, shown)
    assert format_tax_id(check.value, country) == shown


async def test_greek_vat_numbers_with_either_prefix_are_duplicates_and_found_by_both(db: str) -> None:
    greek = {'country': 'GR', 'phone': '+30 21 0123 4567', 'postal_code': '10431', 'city': 'Αθήνα', 'kind': 'company'}
    await create_customer(by=SYSTEM, draft=korean_draft(**greek, name='Όμηρος ΑΕ', tax_id='GR094019245'))
    with pytest.raises(DuplicateFound):
        await create_customer(
            by=SYSTEM, draft=korean_draft(**greek, name='Other', email='o@x.gr', tax_id='EL094019245')
        )
    for term in ('GR094019245', 'EL094019245', 'EL 094 019 245', '094019245'):
        page = await list_customers(ListQuery(search=term), by=SYSTEM)
        assert [row.name for row in page.rows] == ['Όμηρος ΑΕ'], term


async def test_us_ein_is_shown_as_an_ein_everywhere(db: str, clock: FakeClock) -> None:
    view = await create_customer(by=SYSTEM, draft=korean_draft(**us_company()), welcome=welcome_draft(), clock=clock)
    stored = await Customer.get(id=view.id)
    assert (stored.tax_id, stored.tax_id_status) == ('042103594', TaxIdStatus.FORMAT)
    assert view.tax_id_display == '04-2103594'
    assert draft_of(view).tax_id == '04-2103594'  # the form shows what the summary showed
    assert (await Invoice.get(customer_id=view.id)).buyer['tax_id'] == '04-2103594'  # the PDF prints it
    rows = list(csv.reader(io.StringIO((await export_customers_csv([view.id], by=SYSTEM)).decode('utf-8-sig'))))
    assert rows[1][10] == '04-2103594'
    as_person = CustomerDraft(**{**draft_of(view).model_dump(), 'kind': CustomerKind.PERSON})
    person = await update_customer(view.id, as_person, expected_version=1, by=SYSTEM)
    assert person.tax_id_display == '04-2103594'  # a person may have an EIN; it is never rewritten as an SSN


# --- phones ----------------------------------------------------------------------------------------------------------


async def test_a_phone_extension_is_stored_and_shown_in_table_profile_pdf_export_and_search(
    db: str, clock: FakeClock
) -> None:
    view = await create_customer(by=SYSTEM, draft=korean_draft(**us_company()), welcome=welcome_draft(), clock=clock)
    assert (await Customer.get(id=view.id)).phone == '+12015550123;ext=123'
    assert view.phone_display == '+1 201-555-0123 ext. 123'
    [row] = (await list_customers(ListQuery(), by=SYSTEM)).rows
    assert row.phone == '+1 201-555-0123 ext. 123'
    assert (await Invoice.get(customer_id=view.id)).buyer['phone'] == '+1 201-555-0123 ext. 123'
    rows = list(csv.reader(io.StringIO((await export_customers_csv([view.id], by=SYSTEM)).decode('utf-8-sig'))))
    assert rows[1][5] == '+1 201-555-0123 ext. 123'
    for term in ('201 555 0123', 'ext. 123', '+1 201-555-0123 ext. 123'):
        assert [r.name for r in (await list_customers(ListQuery(search=term), by=SYSTEM)).rows] == ['Acme Inc.'], term


# --- postal codes ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ('raw', 'country'), [('BT79 0HR', 'IE'), ('Dublin 2', 'IE'), ('SW1A 1AAX', 'GB'), ('1234', 'NL')]
)
def test_postal_codes_the_country_format_refuses_are_refused(raw: str, country: str) -> None:
    assert check_postal_code(raw, country).status == Status.ERROR


@pytest.mark.parametrize(
    ('raw', 'country', 'stored'),
    [
        ('SW1A1AA', 'GB', 'SW1A 1AA'),
        ('SW1A 1AA', 'GB', 'SW1A 1AA'),
        ('sw1a  1aa', 'GB', 'SW1A 1AA'),
        ('D02X285', 'IE', 'D02 X285'),
        ('a65 f4e2', 'IE', 'A65 F4E2'),
        ('1234ab', 'NL', '1234 AB'),
        ('00950', 'PL', '00-950'),
        ('1540023', 'JP', '154-0023'),
        ('221621010', 'US', '22162-1010'),
        ('H3Z2Y7', 'CA', 'H3Z 2Y7'),
        ('11455', 'SE', '114 55'),
        ('LV1073', 'LV', 'LV-1073'),
    ],
)
def test_postal_codes_are_stored_in_one_canonical_form_per_country(raw: str, country: str, stored: str) -> None:
    check = check_postal_code(raw, country)
    assert (check.status, check.value, check.display) == (Status.OK, stored, stored)
    assert check_postal_code(stored, country).value == stored


async def test_an_irish_customer_with_a_northern_irish_postcode_is_refused(db: str) -> None:
    irish = {'country': 'IE', 'phone': '+353 1 234 5678', 'city': 'Dublin'}
    with pytest.raises(ValidationFailed) as failure:
        await create_customer(by=SYSTEM, draft=korean_draft(**irish, postal_code='BT79 0HR'))
    assert 'postal_code' in failure.value.errors
    view = await create_customer(by=SYSTEM, draft=korean_draft(**irish, postal_code='d02x285'))
    assert (await get_customer(view.number)).postal_code == 'D02 X285'


# --- email -----------------------------------------------------------------------------------------------------------


async def test_emails_keep_the_local_part_and_duplicates_compare_case_folded(db: str) -> None:
    view = await create_customer(by=SYSTEM, draft=korean_draft(email='Jane.Doe@Example.com'))
    assert (await Customer.get(id=view.id)).email == 'Jane.Doe@example.com'
    assert [m.number for m in await find_duplicates(email='jane.doe@EXAMPLE.com')] == [view.number]
    turkish = await create_customer(by=SYSTEM, draft=korean_draft(name='İstanbul Ltd', email='İstanbul@example.com'))
    assert (await Customer.get(id=turkish.id)).email == 'İstanbul@example.com'
    with pytest.raises(DuplicateFound):
        await create_customer(by=SYSTEM, draft=korean_draft(name='Somebody', email='JANE.DOE@example.com'))
