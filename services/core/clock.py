"""Time as the services see it. Injected everywhere so tests move time forward instead of sleeping."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

# Returns an aware datetime in the business's time zone (the server's local zone, `TZ`).
Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now().astimezone()


def utc(moment: datetime) -> datetime:
    """The same instant in UTC (what the database stores)."""
    return moment.astimezone(UTC)
