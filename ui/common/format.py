"""Small formatting helpers for dates and sizes."""

from __future__ import annotations

from datetime import UTC, datetime

from services.core.formats import format_date, format_date_time
from services.core.i18n import _, ngettext


def time_ago(moment: datetime | None, now: datetime | None = None) -> str:
    if moment is None:
        return ''
    seconds = int(((now or datetime.now(UTC)) - moment).total_seconds())
    if seconds < 60:
        return _('just now')
    if seconds < 3600:
        minutes = seconds // 60
        return ngettext('{count} minute ago', '{count} minutes ago', minutes).format(count=minutes)
    if seconds < 86400:
        hours = seconds // 3600
        return ngettext('{count} hour ago', '{count} hours ago', hours).format(count=hours)
    return _('on {date}').format(date=format_date(moment))


def when(moment: datetime) -> str:
    """Date and time in the user's locale (`2026. 11. 30. 오후 3:05`, `30/11/2026 15:05`)."""
    return format_date_time(moment)


def file_size(size: int) -> str:
    if size < 1024:
        return f'{size} B'
    if size < 1024 * 1024:
        return f'{size / 1024:.0f} KB'
    return f'{size / 1024 / 1024:.1f} MB'
