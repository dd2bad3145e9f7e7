"""Reminders at 09:00 on their day in the company's IANA time zone, whatever today's UTC offset is."""

from datetime import UTC, date, datetime

import pytest

from models import Invoice, MessageKind, OutboxMessage
from services.core import clock as clocks
from services.core.actors import SYSTEM
from services.core.errors import ValidationFailed
from services.customers.registration import create_customer
from tests.clock import FakeClock
from tests.factories import korean_draft, set_up_company, welcome_draft


async def reminder_times() -> list[datetime]:
    rows = await OutboxMessage.filter(kind=MessageKind.REMINDER).order_by('reminder_day')
    return [row.next_attempt_at for row in rows]


async def test_reminders_after_the_change_to_summer_time_are_at_nine_local(db: str) -> None:
    await set_up_company(time_zone='Europe/Berlin')
    clock = FakeClock(datetime(2026, 3, 20, 10, 0, tzinfo=UTC))  # winter time (UTC+1); due 3 April (UTC+2)
    await create_customer(by=SYSTEM, draft=korean_draft(), welcome=welcome_draft(), clock=clock)
    assert (await Invoice.get()).due_date == date(2026, 4, 3)
    assert await reminder_times() == [
        datetime(2026, 4, 4, 7, 0, tzinfo=UTC),
        datetime(2026, 4, 6, 7, 0, tzinfo=UTC),
        datetime(2026, 4, 10, 7, 0, tzinfo=UTC),
    ]


async def test_reminders_before_the_change_keep_winter_time(db: str, clock: FakeClock) -> None:
    await set_up_company(time_zone='Europe/Berlin')
    await create_customer(by=SYSTEM, draft=korean_draft(), welcome=welcome_draft(), clock=clock)  # due 16 March
    assert await reminder_times() == [
        datetime(2026, 3, 17, 8, 0, tzinfo=UTC),
        datetime(2026, 3, 19, 8, 0, tzinfo=UTC),
        datetime(2026, 3, 23, 8, 0, tzinfo=UTC),
    ]


async def test_the_issue_date_is_today_in_the_company_time_zone(db: str) -> None:
    await set_up_company(time_zone='Asia/Seoul')
    clock = FakeClock(datetime(2026, 3, 20, 23, 30, tzinfo=UTC))  # already 21 March, 08:30, in Seoul
    await create_customer(by=SYSTEM, draft=korean_draft(), welcome=welcome_draft(), clock=clock)
    invoice = await Invoice.get()
    assert (invoice.issue_date, invoice.due_date) == (date(2026, 3, 21), date(2026, 4, 4))
    assert (await reminder_times())[0] == datetime(2026, 4, 5, 0, 0, tzinfo=UTC)  # 09:00 in Seoul


async def test_without_a_company_zone_the_server_zone_is_used(
    db: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv('TZ', 'America/New_York')
    clocks.server_zone_name.cache_clear()
    try:
        await create_customer(by=SYSTEM, draft=korean_draft(), welcome=welcome_draft(), clock=clock)
    finally:
        monkeypatch.undo()
        clocks.server_zone_name.cache_clear()
    assert (await reminder_times())[0] == datetime(2026, 3, 17, 13, 0, tzinfo=UTC)  # 09:00 EDT (since 8 March)


async def test_an_unknown_time_zone_is_refused(db: str) -> None:
    with pytest.raises(ValidationFailed) as failure:
        await set_up_company(time_zone='Mars/Olympus')
    assert 'time_zone' in failure.value.errors
