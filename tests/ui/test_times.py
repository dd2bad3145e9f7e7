"""Times on pages are in the company's time zone (Settings -> Company), like invoices' dates: one helper, `when()`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from services.core.clock import remember_company_zone
from services.core.company import company_row, load_company_zone
from services.core.i18n import language
from tests.factories import set_up_company
from ui.common.format import when

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
