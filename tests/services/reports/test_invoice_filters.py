"""The Invoices list's filters and sorting in SQL, on the Reports data set (tests/services/reports/test_income.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from services.invoicing.invoice_list import InvoiceQuery
from services.invoicing.views import list_invoices
from tests.clock import FakeClock
from tests.services.reports.test_income import build, today

__all__ = ['today']


async def numbers(clock: FakeClock, **query: Any) -> list[str]:
    page = await list_invoices(InvoiceQuery(sort='number', descending=False, **query), clock=clock)
    assert page.total == len(page.rows)
    return [row.number for row in page.rows]


@pytest.mark.parametrize(
    ('query', 'expected'),
    [
        ({}, ['I1', 'I10', 'I2', 'I3', 'I4', 'I5', 'I6', 'I7', 'I8', 'I9']),
        ({'statuses': ['overdue']}, ['I10', 'I2', 'I6', 'I8']),  # open past due on 2026-03-20, any currency
        ({'statuses': ['paid']}, ['I1', 'I4', 'I5', 'I9']),
        ({'statuses': ['void', 'draft']}, ['I3', 'I7']),  # I3: not due, unpaid, never emailed
        ({'statuses': ['partly paid', 'sent']}, []),  # I2 is partly paid but past due: overdue
        ({'issued_from': date(2026, 2, 1), 'issued_to': date(2026, 2, 28)}, ['I2', 'I5', 'I7', 'I8']),
        ({'customer': 'c1'}, ['I1', 'I2', 'I7', 'I9']),
        ({'category_ids': ['2']}, ['I10', 'I3', 'I4', 'I5']),  # Retail: C2 and C3 (erased)
        ({'category_ids': [1, 2], 'all_categories': True}, ['I10', 'I3', 'I4']),  # both: C2
        ({'category_ids': [1], 'statuses': ['overdue'], 'issued_from': '2026-01-01'}, ['I2', 'I8']),
        ({'currency': 'usd'}, ['I8']),
        ({'currency': 'EUR', 'category_ids': [1], 'statuses': ['overdue']}, ['I10', 'I2']),  # not C5's I8
        ({'currency': 'EU; --'}, ['I1', 'I10', 'I2', 'I3', 'I4', 'I5', 'I6', 'I7', 'I8', 'I9']),  # not a code: all
    ],
)
async def test_filters(db: str, today: FakeClock, query: dict[str, Any], expected: list[str]) -> None:
    ids = await build()
    assert ids == {'wholesale': 1, 'retail': 2}
    assert await numbers(today, **query) == expected


async def test_sorting_and_paging(db: str, today: FakeClock) -> None:
    await build()
    by_total = await list_invoices(InvoiceQuery(customer='C1', sort='total', descending=False), clock=today)
    assert [row.number for row in by_total.rows] == ['I9', 'I1', 'I2', 'I7']  # 47.60, 119, 238, 1190
    by_due = await list_invoices(InvoiceQuery(sort='due_date'), clock=today)
    assert [row.number for row in by_due.rows][:3] == ['I3', 'I6', 'I2']  # due 04-05, 03-15, 03-01
    past_the_end = await list_invoices(InvoiceQuery(page=9), clock=today)
    assert (past_the_end.page, past_the_end.total, len(past_the_end.rows)) == (1, 10, 10)
    mangled = InvoiceQuery.model_validate({'sort': 'total; DROP TABLE invoice', 'statuses': ['x'], 'per_page': 7})
    assert (mangled.sort, mangled.statuses, mangled.per_page) == ('number', (), 25)


@pytest.mark.parametrize('descending', [False, True])
async def test_total_sort_groups_currencies(db: str, today: FakeClock, descending: bool) -> None:
    """500 USD sits between the EUR amounts by number; sorting by total keeps each currency together (A-Z)."""
    await build()
    rows = (await list_invoices(InvoiceQuery(sort='total', descending=descending), clock=today)).rows
    currencies = [row.currency for row in rows]
    assert currencies == sorted(currencies) and currencies[-1] == 'USD'
    euros = [row.total for row in rows if row.currency == 'EUR']
    assert euros == sorted(euros, reverse=descending)
