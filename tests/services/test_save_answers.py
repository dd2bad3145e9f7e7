"""The values that once passed validation and then broke the save: each is now a field error, decided before the
database is asked (issue 17). The fuzz in test_save_fuzz.py looks for more of them."""

from __future__ import annotations

import pytest

from models import CustomFieldKind
from services.core.actors import SYSTEM
from services.core.errors import ValidationFailed
from services.core.values.validation import check_payment_terms, whole_number
from services.customers.custom_fields import FieldDefinition, check_custom_value
from services.customers.drafts import CustomerDraft, check_draft
from services.customers.registration import create_customer
from services.invoicing.company_profile import CompanyProfileDraft, check_profile, parse_reminder_days
from services.invoicing.drafts import InvoiceDraft, LineDraft, check_invoice_draft
from tests.factories import spanish_draft


def errors_of(**values: object) -> dict[str, str]:
    return check_draft(CustomerDraft(**{'name': 'Jane', **values}), frozenset()).errors  # type: ignore[arg-type]


def test_unicode_digits_are_not_days() -> None:
    assert whole_number('²', maximum=365) is None
    assert whole_number('٣٠', maximum=365) == 30  # Arabic-Indic digits are decimal digits
    assert whole_number('9' * 5000, maximum=365) is None  # int() would refuse more than 4300 digits
    assert check_payment_terms('²').message == 'A whole number of days'
    assert errors_of(payment_terms='²') == {'payment_terms': 'A whole number of days'}
    assert parse_reminder_days('1, ², 7')[1].startswith('Days after the due date')
    assert parse_reminder_days('1, 0, 7')[1].startswith('Days after the due date')
    assert parse_reminder_days('7, 1, 3') == ([1, 3, 7], '')
    _values, errors = check_profile(CompanyProfileDraft(payment_terms_days='²', reminder_days='1, ², 7'))
    assert set(errors) >= {'payment_terms_days', 'reminder_days'}
    invoice = InvoiceDraft(lines=[LineDraft(description='x', unit_price='1')], payment_terms='²')
    report = check_invoice_draft(invoice, currency='EUR', today=__import__('datetime').date(2026, 1, 1),
                                 default_terms=14, reminder_days=[])  # fmt: skip
    assert report.errors == {'payment_terms': 'Whole days between 0 and 365'}


@pytest.mark.parametrize('url', ['http://[', 'https://[::1', 'http://]x.y'])
def test_a_broken_url_is_a_field_error(url: str) -> None:
    check = check_custom_value(FieldDefinition(id=1, key='web', label='Web', kind=CustomFieldKind.URL), url)
    assert check.blocks_saving
    assert check.message == 'A web address starting with http:// or https://'


def test_normalised_keys_must_fit_their_columns() -> None:
    assert errors_of(categories=['ß' * 30]) == {'categories': 'Category names have at most 50 characters'}
    assert errors_of(name='ﬃ' * 70) == {'name': 'Too long once normalised for searching (at most 200 characters)'}
    assert errors_of(name='ﬃ' * 60) == {}


def test_unchecked_hints_must_fit_their_columns() -> None:
    # No country: the postal code and tax ID are kept as typed (a hint), but only if they fit.
    assert errors_of(postal_code='1' * 21) == {'postal_code': 'At most 20 characters'}
    assert errors_of(postal_code='1' * 20) == {}
    assert errors_of(tax_id='A1' * 21) == {'tax_id': 'At most 40 characters'}


async def test_the_save_path_answers_with_field_errors(db: str) -> None:
    draft = spanish_draft(name='ﬃ' * 70, categories=['ß' * 30], payment_terms='²', postal_code='1' * 30, country='')
    with pytest.raises(ValidationFailed) as raised:
        await create_customer(draft=draft, by=SYSTEM)
    assert set(raised.value.errors) >= {'name', 'categories', 'payment_terms', 'postal_code'}
