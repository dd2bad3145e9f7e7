"""How backup times read to a person, in their language (Babel)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from babel.dates import format_datetime, format_timedelta

from services.core.clock import company_time
from services.core.i18n import _, locale_of
from services.ops.backup import BackupStatus
from services.ops.health import BACKUP_WARN_HOURS

WARN_AFTER = timedelta(hours=BACKUP_WARN_HOURS)


def age_text(age: timedelta) -> str:
    """'3 hours', '2 days' in the current language."""
    return format_timedelta(age, locale=locale_of(), threshold=1.5)


def moment_text(moment: datetime) -> str:
    return format_datetime(company_time(moment), format='medium', locale=locale_of())


def warning_text(status: BackupStatus, now: datetime | None = None) -> str:
    """'' when the newest good backup is at most two days old; otherwise what an admin should know."""
    age = status.age(now or datetime.now(UTC))
    if age is None:
        return _('No backup yet')
    if age > WARN_AFTER:
        return _('Last backup {age} ago').format(age=age_text(age))
    return ''
