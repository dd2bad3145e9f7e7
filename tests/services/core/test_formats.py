"""Dates, times, numbers, percentages and amounts in each language's conventions (Babel / CLDR), on screen and in the
invoice PDF, which is written in its document's language whatever the language of the moment."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from services.core.i18n import language
from services.core.values.formats import format_date, format_date_time, format_rate, format_whole
from services.core.values.money import format_money, format_price
from services.pdf.invoice_document import InvoiceDocument
from services.pdf.invoice_pdf import render_invoice_pdf

DAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ('code', 'day', 'moment', 'amount', 'rate', 'count'),
    [
        ('ko', '2026. 11. 30.', '2026. 11. 30. 오후 3:05', '₩55,000', '10%', '100,000'),
        ('es', '30/11/2026', '30/11/2026 15:05', '55.000,00\xa0€', '7,5\xa0%', '100.000'),
        ('en', 'Nov 30, 2026', 'Nov 30, 2026 3:05\u202fPM', '€55,000.00', '7.5%', '100,000'),
    ],
)
def test_each_language_formats_in_its_own_conventions(
    code: str, day: str, moment: str, amount: str, rate: str, count: str
) -> None:
    currency = 'KRW' if code == 'ko' else 'EUR'
    with language(code):  # the current language decides when no locale is given
        assert format_date(DAY) == day
        assert format_date_time(datetime(2026, 11, 30, 15, 5, tzinfo=UTC)) == moment
        assert format_money(Decimal('55000'), currency) == amount
        assert format_rate(Decimal('10') if code == 'ko' else Decimal('7.5')) == rate
        assert format_whole(100000) == count


def test_a_unit_price_keeps_its_decimals_in_the_locale() -> None:
    assert format_price(Decimal('1.005'), 'EUR', locale='es') == '1,005\xa0€'
    assert format_price(Decimal('333.5'), 'KRW', locale='ko') == '₩333.5'
    assert format_money(Decimal('5'), 'USD', locale='es') == '5,00\xa0US$'  # not the peso's $


def test_format_date_accepts_a_moment_and_nothing() -> None:
    assert format_date(datetime(2026, 11, 30, 23, 0, tzinfo=UTC), locale='ko') == '2026. 11. 30.'
    assert format_date(None) == ''
    assert format_date_time(None) == ''


def krw_document(code: str) -> InvoiceDocument:
    return InvoiceDocument(
        number='2026-0001', issue_date='2026-11-16', due_date='2026-11-30', currency='KRW' if code == 'ko' else 'EUR',
        seller={'name': 'Clientbook Demo', 'address': '세종대로 110\n04524 서울'},
        buyer={'number': 'C-00001', 'name': '김민준', 'country_name': 'South Korea'},
        lines=[{'description': '가입비', 'quantity': '1', 'unit_price': '50000', 'vat_rate': '10', 'net': '50000'}],
        vat=[{'rate': '10', 'net': '50000', 'vat': '5000'}], net_total='50000', vat_total='5000', total='55000',
        language=code,
    )  # fmt: skip


def pdf_text(pdf: bytes) -> str:
    return ''.join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize(
    ('code', 'expected', 'absent'),
    [
        ('ko', ['2026. 11. 30.', '2026. 11. 16.', '₩55,000', '₩50,000', '10%'], ['2026-11-30', 'KRW']),
        ('es', ['30/11/2026', '16/11/2026', '55.000,00 €', '10 %'], ['2026-11-30', 'Nov 30']),
    ],
)
def test_the_invoice_pdf_is_printed_in_its_documents_language(
    code: str, expected: list[str], absent: list[str]
) -> None:
    with language('en'):  # the user who sends it speaks English
        text = pdf_text(render_invoice_pdf(krw_document(code))).replace('\xa0', ' ')
    for shown in expected:
        assert shown in text
    for hidden in absent:
        assert hidden not in text


def test_no_count_on_screen_is_grouped_with_pythons_english_comma() -> None:
    """`f'{count:,}'` writes `1,120` in every language (Spanish reads one point twelve): counts go through
    `format_whole`, which groups digits the locale's way."""
    root = Path(__file__).resolve().parents[3]
    grouped = re.compile(r':[<>=^]?[-+ ]?#?0?\d*,(\.\d+)?[dfeg%]?\}')  # a format spec with the ',' grouping option
    found = [
        f'{path.relative_to(root)}:{number}: {line.strip()}'
        for folder in ('ui', 'services')
        for path in sorted((root / folder).rglob('*.py'))
        for number, line in enumerate(path.read_text(encoding='utf-8').splitlines(), 1)
        if grouped.search(line) and not line.lstrip().startswith('#')
    ]
    assert found == []
