"""Small formatting helpers for dates and sizes."""

from __future__ import annotations

from datetime import UTC, datetime

from nicegui import ui

from services.core.clock import Clock, company_today, company_zone, system_clock
from services.core.i18n import _, ngettext
from services.core.values.formats import format_date, format_date_time


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
    return _('on {date}').format(date=format_date(moment.astimezone(company_zone())))


def when(moment: datetime | None) -> str:
    """Date and time in the user's locale and the company's time zone (`2026. 11. 30. 오후 3:05`, `30/11/2026 15:05`).

    Every time shown on a page goes through here, so notes, history, mail and the audit log agree with invoices
    (which use the company's zone, Settings -> Company); '' for None. Naive values are taken as UTC (as stored)."""
    if moment is None:
        return ''
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return format_date_time(moment, zone=company_zone())


def dated_file_name(stem: str, extension: str, clock: Clock = system_clock) -> str:
    """`customers-2026-12-02.csv`: dated by the company's calendar, as the rest of the app, not the server's."""
    return f'{stem}-{company_today(clock).isoformat()}.{extension}'


def date_range_input(label: str, value: str = '') -> ui.input:
    """One end of a date range (Reports, Invoices, Audit log): the browser's date picker, ISO `YYYY-MM-DD` value.

    Label it with `pgettext('date range', 'From')` / `pgettext('date range', 'To')`: Spanish says "Desde"/"Hasta"
    there, not the "De"/"Para" of an email's sender and recipient."""
    return ui.input(label, value=value).props('type=date stack-label').classes('w-40')


def file_size(size: int) -> str:
    if size < 1024:
        return f'{size} B'
    if size < 1024 * 1024:
        return f'{size / 1024:.0f} KB'
    return f'{size / 1024 / 1024:.1f} MB'
