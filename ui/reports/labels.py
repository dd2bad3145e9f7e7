"""The Reports page's texts made from dates: the period line above the chart and the chart's bucket labels, in the
page's language (babel)."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date, format_skeleton

from services.core.i18n import _, locale_of
from services.reports.income import IncomeReport, IncomeSeries
from services.reports.period import bucket_period


def period_text(report: IncomeSeries | IncomeReport, *, compare: bool) -> str:
    """ "{start} to {end}", with ", compared with ..." when the page compares."""
    period = report.query.period
    if not compare:
        return _('{start} to {end}').format(start=_day(period.start), end=_day(period.end))
    return _('{start} to {end}, compared with {previous_start} to {previous_end}').format(
        start=_day(period.start),
        end=_day(period.end),
        previous_start=_day(report.previous.start),
        previous_end=_day(report.previous.end),
    )


def bucket_label(key: str) -> str:
    if key[5] == 'Q':
        return _('{quarter} {year}').format(quarter=key[5:], year=key[:4])
    return format_skeleton('yMMM', bucket_period(key).start, locale=locale_of())  # Jan 2026, 2026년 1월, ene 2026


def _day(day: date) -> str:
    return format_date(day, 'medium', locale=locale_of())
