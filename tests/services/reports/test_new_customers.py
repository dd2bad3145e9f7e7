"""New customers by category count in the company's months, not UTC's; hand-written cases on SQLite and PostgreSQL.

The company is in Asia/Seoul (UTC+9, no summer time) unless a test says otherwise. Registrations (UTC, and Seoul):

customer  category   registered UTC          in Seoul                 Seoul month   UTC month
N1        Wholesale  2025-12-31 15:30        2026-01-01 00:30         2026-01       2025-12 (outside Q1)
N2        Wholesale  2026-01-31 14:30        2026-01-31 23:30         2026-01       2026-01
N3        Retail     2026-01-31 23:00        2026-02-01 08:00         2026-02       2026-01
N4        both       2026-02-28 15:00        2026-03-01 00:00         2026-03       2026-02
N5        none       2026-03-31 14:59:59     2026-03-31 23:59:59      2026-03       2026-03
N6        Retail     2026-03-31 15:00        2026-04-01 00:00         2026-04 (out) 2026-03
N7        none       2025-12-31 14:59        2025-12-31 23:59         2025-12 (out) 2025-12
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from models import Category, Company, Customer
from services.core.actors import SYSTEM
from services.core.company import company_row
from services.customers.list.spec import MatchMode
from services.reports.income import ReportQuery, income_report
from services.reports.period import Period
from services.reports.registrations import month_edges
from tests.clock import FakeClock

Q1 = Period(date(2026, 1, 1), date(2026, 3, 31))


@pytest.fixture
def today() -> FakeClock:
    return FakeClock(datetime(2026, 4, 10, 9, 0, tzinfo=UTC))


async def build(time_zone: str = 'Asia/Seoul') -> dict[str, int]:
    await company_row()
    await Company.filter(id=1).update(time_zone=time_zone)
    wholesale = await Category.create(name='Wholesale', name_key='wholesale', colour='#1e88e5')
    retail = await Category.create(name='Retail', name_key='retail', colour='#e53935')
    plan = {
        'N1': ([wholesale], datetime(2025, 12, 31, 15, 30, tzinfo=UTC)),
        'N2': ([wholesale], datetime(2026, 1, 31, 14, 30, tzinfo=UTC)),
        'N3': ([retail], datetime(2026, 1, 31, 23, 0, tzinfo=UTC)),
        'N4': ([wholesale, retail], datetime(2026, 2, 28, 15, 0, tzinfo=UTC)),
        'N5': ([], datetime(2026, 3, 31, 14, 59, 59, tzinfo=UTC)),
        'N6': ([retail], datetime(2026, 3, 31, 15, 0, tzinfo=UTC)),
        'N7': ([], datetime(2025, 12, 31, 14, 59, tzinfo=UTC)),
    }
    for number, (categories, created) in plan.items():
        customer = await Customer.create(number=number, name=number, name_key=number.lower(), country='KR')
        for category in categories:
            await customer.categories.add(category)
        await Customer.filter(id=customer.id).update(created_at=created)
    return {'wholesale': wholesale.id, 'retail': retail.id}


async def test_months_are_the_company_zone_months(db: str, today: FakeClock) -> None:
    await build()
    report = await income_report(ReportQuery(period=Q1), by=SYSTEM, clock=today)
    assert report.buckets == ['2026-01', '2026-02', '2026-03']
    assert {row.name: row.new_customers for row in report.rows} == {
        'Retail': [0, 1, 1],  # N3 (Feb 1 in Seoul), N4 (Mar 1 00:00 in Seoul); N6 is April there
        'Wholesale': [2, 0, 1],  # N1 (Jan 1 00:30 in Seoul), N2 (the 31st, 23:30), N4
        'No category': [0, 0, 1],  # N5 at 23:59:59 on the last day; N7 is still December
    }
    assert report.total_new_customers == [2, 1, 2]  # N4 once


async def test_a_company_in_utc_gets_the_utc_months(db: str, today: FakeClock) -> None:
    await build('UTC')
    report = await income_report(ReportQuery(period=Q1), by=SYSTEM, clock=today)
    assert {row.name: row.new_customers for row in report.rows} == {
        'Retail': [1, 1, 1],  # N3 | N4 | N6
        'Wholesale': [1, 1, 0],  # N2 | N4; N1 is December
        'No category': [0, 0, 1],  # N5
    }


async def test_category_filter_and_custom_dates_keep_the_zone(db: str, today: FakeClock) -> None:
    ids = await build()
    # From Jan 31 to Mar 1 in Seoul: N2 (Jan 31 23:30), N3 (Feb 1), N4 (Mar 1 00:00); N1 is before, N5 after.
    period = Period(date(2026, 1, 31), date(2026, 3, 1))
    query = ReportQuery(period=period, category_ids=(ids['retail'],))
    report = await income_report(query, by=SYSTEM, clock=today)
    assert {row.name: row.new_customers for row in report.rows} == {'Retail': [0, 1, 1]}
    every = ReportQuery(period=period, category_ids=(ids['retail'], ids['wholesale']), mode=MatchMode.ALL)
    report = await income_report(every, by=SYSTEM, clock=today)
    assert {row.name: row.new_customers for row in report.rows} == {'Retail': [0, 0, 1], 'Wholesale': [0, 0, 1]}
    assert report.total_new_customers == [0, 0, 1]
    unfiltered = await income_report(ReportQuery(period=period), by=SYSTEM, clock=today)
    assert unfiltered.total_new_customers == [1, 1, 1]


def test_month_edges_follow_summer_time() -> None:
    months, edges = month_edges(Period(date(2026, 2, 15), date(2026, 4, 30)), ZoneInfo('Europe/Berlin'))
    assert months == ['2026-02', '2026-03', '2026-04']
    assert edges == [
        datetime(2026, 2, 14, 23, tzinfo=UTC),  # CET, UTC+1
        datetime(2026, 2, 28, 23, tzinfo=UTC),
        datetime(2026, 3, 31, 22, tzinfo=UTC),  # CEST from March 29: UTC+2
        datetime(2026, 4, 30, 22, tzinfo=UTC),
    ]


async def test_whole_days_between_cut_days_count_in_their_month(db: str, today: FakeClock) -> None:
    # Seoul cuts a UTC day at every month edge; the days between are summed whole (their placeholders come after the
    # period's edges in the statement: SQLite's are positional).
    ids = await build()
    for number, created in (('N8', datetime(2026, 2, 10, 3, tzinfo=UTC)), ('N9', datetime(2026, 3, 15, 3, tzinfo=UTC))):
        customer = await Customer.create(number=number, name=number, name_key=number.lower(), country='KR')
        await customer.categories.add(await Category.get(id=ids['retail']))
        await Customer.filter(id=customer.id).update(created_at=created)
    report = await income_report(ReportQuery(period=Q1), by=SYSTEM, clock=today)
    assert {row.name: row.new_customers for row in report.rows}['Retail'] == [0, 2, 2]  # N3, N8 | N4, N9
    assert report.total_new_customers == [2, 2, 3]
    retail = await income_report(ReportQuery(period=Q1, category_ids=(ids['retail'],)), by=SYSTEM, clock=today)
    assert [row.new_customers for row in retail.rows] == [[0, 2, 2]]
    assert retail.total_new_customers == [0, 2, 2]
