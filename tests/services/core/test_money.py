"""Amounts as people type them: one parser with the user's locale and the currency's minor unit (Babel)."""

from datetime import date
from decimal import Decimal

import pytest

from services.core.values.money import (
    Problem,
    decimals,
    format_money,
    format_price,
    line_net,
    read_amount,
)
from services.invoicing.drafts import InvoiceDraft, LineDraft, check_invoice_draft

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ('typed', 'currency', 'locale', 'value'),
    [
        ('50,000', 'KRW', 'en', '50000'),
        ('50,000', 'KRW', 'ko', '50000'),
        ('50.000', 'KRW', 'en', '50000'),  # no fractions of a won to three places
        ('₩50,000', 'KRW', 'ko', '50000'),
        ('50,000원', 'KRW', 'ko', '50000'),
        ('1,234,567', 'KRW', 'en', '1234567'),
        ('1,234,567', 'EUR', 'en', '1234567'),
        ('1.234.567', 'EUR', 'es', '1234567'),
        ('1,234,567', 'EUR', 'es', '1234567'),  # the other convention when the locale cannot read it
        ('1,234.50', 'EUR', 'en', '1234.50'),
        ('1.234,50', 'EUR', 'es', '1234.50'),
        ('1 234,50', 'EUR', 'en', '1234.50'),
        ('12,50', 'EUR', 'en', '12.50'),
        ('12.50', 'EUR', 'es', '12.50'),
        ('€ 49.90', 'EUR', 'en', '49.90'),
        ('49,90 €', 'EUR', 'es', '49.90'),
        ('EUR 1,234.56', 'EUR', 'en', '1234.56'),
        ('1.005', 'EUR', 'en', '1.005'),  # the locale's decimal sign is read as one (a unit price keeps it)
        ('1,005', 'EUR', 'es', '1.005'),
        ('0,125', 'EUR', 'en', '0.125'),
        ('1234,567', 'EUR', 'en', '1234.567'),
        ('1000', 'JPY', 'en', '1000'),
        ('1.250', 'BHD', 'en', '1.250'),  # three-decimal currency
    ],
)
def test_unit_prices_are_read_as_people_type_them(typed: str, currency: str, locale: str, value: str) -> None:
    reading = read_amount(typed, currency, unit_price=True, locale=locale)
    assert (reading.value, reading.problem) == (Decimal(value), None)


@pytest.mark.parametrize(
    ('typed', 'locale', 'choices'),
    [
        ('1,000', 'en', ('1000', '1.000')),
        ('1.000', 'es', ('1000', '1.000')),
        ('2,500', 'ko', ('2500', '2.500')),
        ('1,005', 'en', ('1005', '1.005')),
    ],
)
def test_a_lone_group_separator_before_three_digits_is_asked_about(
    typed: str, locale: str, choices: tuple[str, str]
) -> None:
    reading = read_amount(typed, 'EUR', unit_price=True, locale=locale)
    assert reading.problem is Problem.AMBIGUOUS
    assert reading.choices == tuple(Decimal(choice) for choice in choices)


@pytest.mark.parametrize(
    ('typed', 'currency', 'problem'),
    [
        ('abc', 'EUR', Problem.INVALID),
        ('', 'EUR', Problem.EMPTY),
        ('-5', 'EUR', Problem.RANGE),
        ('12.345', 'EUR', Problem.DECIMALS),  # a payment of EUR has cents, not tenths of cents
        ('12.5', 'KRW', Problem.DECIMALS),
        ('1.2.3', 'EUR', Problem.INVALID),
    ],
)
def test_amounts_that_cannot_be_stored_are_refused_not_rounded(typed: str, currency: str, problem: Problem) -> None:
    assert read_amount(typed, currency, locale='en').problem is problem


def test_an_amount_of_a_currency_with_cents_that_only_one_reading_fits_is_not_asked_about() -> None:
    assert read_amount('1,005', 'EUR', locale='en').value == Decimal(1005)  # €1.005 cannot be paid


def test_minor_units_come_from_cldr() -> None:
    assert [decimals(code) for code in ('EUR', 'KRW', 'JPY', 'BHD', 'USD')] == [2, 0, 0, 3, 2]


@pytest.mark.parametrize(
    ('amount', 'currency', 'locale', 'shown'),
    [
        ('1234.5', 'EUR', 'en', '€1,234.50'),
        ('1234.5', 'EUR', 'es', '1.234,50\xa0€'),
        ('55000', 'KRW', 'ko', '₩55,000'),
        ('0.125', 'BHD', 'en', 'BHD\xa00.125'),
    ],
)
def test_amounts_are_shown_as_the_locale_writes_them(amount: str, currency: str, locale: str, shown: str) -> None:
    assert format_money(Decimal(amount), currency, locale=locale) == shown


# The line rule: quantity and unit price keep (and print) their decimals; net = quantity x unit price, rounded half up
# once to the currency's minor unit. So printed quantity x printed unit price, rounded, is the printed net.
@pytest.mark.parametrize(
    ('quantity', 'price', 'currency', 'printed_price', 'net'),
    [
        ('3', '1.005', 'EUR', '€1.005', '3.02'),
        ('3', '1.01', 'EUR', '€1.01', '3.03'),
        ('2', '90', 'EUR', '€90.00', '180.00'),
        ('12', '0.45', 'EUR', '€0.45', '5.40'),
        ('1.5', '0.99', 'EUR', '€0.99', '1.49'),  # 1.485 rounds half up
        ('1000', '0.0125', 'EUR', '€0.0125', '12.50'),
        ('7', '0.3333', 'USD', '$0.3333', '2.33'),
        ('1', '50000', 'KRW', '₩50,000', '50000'),
        ('3', '333.5', 'KRW', '₩333.5', '1001'),  # 1000.5 won rounds half up to 1001
        ('2', '1.2345', 'BHD', 'BHD\xa01.2345', '2.469'),
    ],
)
def test_printed_quantity_times_printed_unit_price_is_the_printed_net(
    quantity: str, price: str, currency: str, printed_price: str, net: str
) -> None:
    assert format_price(Decimal(price), currency, locale='en') == printed_price
    assert line_net(Decimal(quantity), Decimal(price), currency) == Decimal(net)
    draft = InvoiceDraft(lines=[LineDraft(description='x', quantity=quantity, unit_price=price)])
    report = check_invoice_draft(draft, currency=currency, today=TODAY, default_terms=14, reminder_days=[])
    [line] = report.lines
    assert (line.unit_price, line.net) == (Decimal(price), Decimal(net))
    printed = read_amount(printed_price, currency, unit_price=True, locale='en').value
    assert printed is not None
    assert line_net(Decimal(quantity), printed, currency) == line.net


def test_krw_welcome_line_of_50_000_with_10_percent_vat_is_55_000() -> None:
    draft = InvoiceDraft(lines=[LineDraft(description='Setup', quantity='1', unit_price='50,000', vat_rate='10')])
    report = check_invoice_draft(draft, currency='KRW', today=TODAY, default_terms=14, reminder_days=[])
    assert (report.net_total, report.vat_total, report.total) == (Decimal(50000), Decimal(5000), Decimal(55000))


def test_an_ambiguous_line_price_blocks_saving_and_offers_both_readings() -> None:
    draft = InvoiceDraft(lines=[LineDraft(description='Setup', quantity='1', unit_price='1,000')])
    report = check_invoice_draft(draft, currency='EUR', today=TODAY, default_terms=14, reminder_days=[])
    assert not report.can_save
    assert report.line_errors[0]['unit_price'] == '1,000 could be €1,000.00 or €1.00: choose one'
    choices = report.line_choices[0]['unit_price']
    assert [(choice.text, choice.shown) for choice in choices] == [('1000.00', '€1,000.00'), ('1.00', '€1.00')]
    for choice, total in zip(choices, (Decimal(1000), Decimal(1)), strict=True):
        picked = InvoiceDraft(lines=[LineDraft(description='Setup', quantity='1', unit_price=choice.text)])
        again = check_invoice_draft(picked, currency='EUR', today=TODAY, default_terms=14, reminder_days=[])
        assert again.total == total
