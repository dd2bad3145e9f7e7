"""Time as the services see it. Injected everywhere so tests move time forward instead of sleeping.

Wall-clock times the business promises ("reminders at 09:00 on their day") are built in the company's IANA time zone
with `zoneinfo`, so a date weeks ahead gets that date's UTC offset (summer time), not today's.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

# Returns an aware datetime (the server's local zone, `TZ`); services convert it to the company's zone where needed.
Clock = Callable[[], datetime]
LOCALTIME = Path('/etc/localtime')


def system_clock() -> datetime:
    return datetime.now().astimezone()


def utc(moment: datetime) -> datetime:
    """The same instant in UTC (what the database stores)."""
    return moment.astimezone(UTC)


def is_time_zone(name: str) -> bool:
    """An IANA time zone name such as `Europe/Berlin` or `Asia/Seoul`."""
    return name in _zone_names()


def zone(name: str) -> ZoneInfo:
    """The company's time zone; '' (or an unknown name) means the server's."""
    try:
        return ZoneInfo(name or server_zone_name())
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(server_zone_name())


# The company's zone as last read from its settings row (`services.core.company.company_row` keeps it current); what
# the UI shows times in (`ui.common.format.when`). '' until the row is read: the server's zone.
_company_zone_name = ''


def remember_company_zone(name: str) -> None:
    """Called whenever the company's settings row is read or written."""
    global _company_zone_name
    _company_zone_name = name or ''


def company_zone() -> ZoneInfo:
    """The zone people see times in: the company's (Settings -> Company), else the server's."""
    return zone(_company_zone_name)


def company_today(clock: Clock = system_clock) -> date:
    """Today's date where the company is, not where the server is (07:56 on Dec 2 in Seoul is 22:56 UTC on Dec 1)."""
    return clock().astimezone(company_zone()).date()


def company_time(moment: datetime) -> datetime:
    """The same instant on the company's clock; naive values are taken as UTC (as stored)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(company_zone())


@cache
def server_zone_name() -> str:
    """The server's IANA zone: `TZ` when it names one, else what /etc/localtime links to, else UTC."""
    candidates = [os.environ.get('TZ', '').lstrip(':')]
    try:
        target = str(LOCALTIME.resolve())
        candidates.append(target.partition('/zoneinfo/')[2])
    except OSError:
        pass
    return next((name for name in candidates if name and is_time_zone(name)), 'UTC')


def time_zone_names() -> list[str]:
    """Every IANA zone name, sorted (for a chooser)."""
    return sorted(_zone_names())


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())
