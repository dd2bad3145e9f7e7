"""Times on pages are in the company's time zone (Settings -> Company), like invoices' dates: one helper, `when()`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from services.core.clock import company_today, remember_company_zone
from services.core.company import company_row, load_company_zone
from services.core.i18n import language
from tests.factories import set_up_company
from ui.common.format import dated_file_name, when
from ui.ops.backup_text import moment_text

MOMENT = datetime(2026, 11, 30, 6, 5, tzinfo=UTC)


@pytest.fixture(autouse=True)
def server_zone_afterwards() -> Iterator[None]:
    yield
    remember_company_zone('')


async def test_times_follow_the_company_zone_once_its_settings_are_read(db: str) -> None:
    await set_up_company(time_zone='Asia/Seoul')
    remember_company_zone('')
    await company_row()  # every page reads the company row; that keeps the zone current
    with language('en'):
        assert when(MOMENT) == 'Nov 30, 2026 3:05\u202fPM'
        assert when(MOMENT.replace(tzinfo=None)) == when(MOMENT)  # naive = stored UTC
        assert when(None) == ''


async def test_saving_another_zone_changes_the_times_shown(db: str) -> None:
    await set_up_company(time_zone='Asia/Seoul')
    await set_up_company(time_zone='America/New_York')
    with language('es'):
        assert when(MOMENT) == '30/11/2026 1:05'


async def test_the_zone_is_known_from_the_start(db: str) -> None:
    await set_up_company(time_zone='Asia/Seoul')
    remember_company_zone('')
    await load_company_zone()  # run when the database opens (ui.app)
    with language('en'):
        assert when(MOMENT) == 'Nov 30, 2026 3:05\u202fPM'


SEOUL_MORNING = datetime(2026, 12, 1, 22, 56, tzinfo=UTC)  # 07:56 on Dec 2 in Seoul; Dec 1 in UTC
LA_EVENING = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # 19:00 on Dec 1 in Los Angeles; Dec 2 in UTC


@pytest.mark.parametrize(
    ('zone', 'moment', 'day', 'shown'),
    [
        ('Asia/Seoul', SEOUL_MORNING, '2026-12-02', 'Dec 2, 2026, 7:56:00\u202fAM'),
        ('America/Los_Angeles', LA_EVENING, '2026-12-01', 'Dec 1, 2026, 7:00:00\u202fPM'),
    ],
)
def test_dates_and_backup_times_are_the_company_s_not_the_server_s(
    zone: str, moment: datetime, day: str, shown: str
) -> None:
    remember_company_zone(zone)
    assert company_today(lambda: moment).isoformat() == day  # payment dialog's default, import name, reports
    assert dated_file_name('customers', 'csv', lambda: moment) == f'customers-{day}.csv'  # exports
    with language('en'):
        assert moment_text(moment) == shown  # Backups page
        assert moment_text(moment.replace(tzinfo=None)) == shown  # naive = stored UTC
