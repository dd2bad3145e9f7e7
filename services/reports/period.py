"""The period a report covers: presets (this month, quarter, year, last 12 months) or custom dates, its buckets
(months or quarters) and the period before it for comparison.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from services.core.errors import ValidationFailed
from services.core.i18n import _

MAX_YEARS = 10
# Days a report may start or end on: far enough for any business, and the period before (for comparison) and its
# months stay within what `date` can hold.
FIRST_YEAR, LAST_YEAR = 1900, 2199


class Preset(StrEnum):
    THIS_MONTH = 'month'
    THIS_QUARTER = 'quarter'
    THIS_YEAR = 'year'
    LAST_12_MONTHS = '12m'
    CUSTOM = 'custom'


class Granularity(StrEnum):
    MONTH = 'month'
    QUARTER = 'quarter'


@dataclass(frozen=True)
class Period:
    """Both ends included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def whole_months(self) -> int:
        """The number of calendar months if the period is made of whole months, else 0."""
        if self.start.day != 1 or (self.end + timedelta(days=1)).day != 1:
            return 0
        return _month_index(self.end) - _month_index(self.start) + 1

    def previous(self) -> Period:
        """The period of the same length just before: whole months shift by months, other periods by days."""
        months = self.whole_months
        if months:
            start = _month_start(_month_index(self.start) - months)
            return Period(start, self.start - timedelta(days=1))
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def default_granularity(self) -> Granularity:
        """Months up to two years, quarters beyond."""
        return Granularity.MONTH if _month_index(self.end) - _month_index(self.start) < 24 else Granularity.QUARTER


def resolve(preset: Preset | str, today: date, start: date | None = None, end: date | None = None) -> Period:
    """The period a preset means on `today`, or the custom dates checked.

    Raises ValidationFailed with `start`/`end` keys: a missing date, a day outside the years `FIRST_YEAR` to
    `LAST_YEAR`, the end before the start, or more than `MAX_YEARS` years between them.
    """
    preset = Preset(preset)
    month = _month_index(today)
    if preset == Preset.THIS_MONTH:
        return Period(_month_start(month), _month_end(month))
    if preset == Preset.THIS_QUARTER:
        first = month - (today.month - 1) % 3
        return Period(_month_start(first), _month_end(first + 2))
    if preset == Preset.THIS_YEAR:
        return Period(date(today.year, 1, 1), date(today.year, 12, 31))
    if preset == Preset.LAST_12_MONTHS:
        return Period(_month_start(month - 11), _month_end(month))
    errors = {}
    if start is None:
        errors['start'] = _('Choose the first day')
    if end is None:
        errors['end'] = _('Choose the last day')
    for key, day in (('start', start), ('end', end)):
        if day is not None and not is_reportable_day(day):
            errors[key] = _('Choose a day between {first} and {last}').format(first=FIRST_YEAR, last=LAST_YEAR)
    if start is not None and end is not None and not errors:
        if end < start:
            errors['end'] = _('The last day comes before the first day')
        elif _add_years(start, MAX_YEARS) <= end:
            errors['end'] = _('A report covers at most {years} years').format(years=MAX_YEARS)
    if errors or start is None or end is None:
        raise ValidationFailed(errors)
    return Period(start, end)


def is_reportable_day(day: date) -> bool:
    """A day a custom period may start or end on (years `FIRST_YEAR` to `LAST_YEAR`)."""
    return FIRST_YEAR <= day.year <= LAST_YEAR


def buckets(period: Period, granularity: Granularity) -> list[str]:
    """The bucket keys covering the period in order: `2026-03` for months, `2026-Q1` for quarters."""
    keys: list[str] = []
    for month in range(_month_index(period.start), _month_index(period.end) + 1):
        key = bucket_of(f'{month // 12:04d}-{month % 12 + 1:02d}', granularity)
        if not keys or keys[-1] != key:
            keys.append(key)
    return keys


def bucket_of(month: str, granularity: Granularity) -> str:
    """The bucket a `YYYY-MM` month falls into."""
    if granularity == Granularity.MONTH:
        return month
    return f'{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}'


def bucket_period(key: str) -> Period:
    """The dates of one bucket key (`2026-03` or `2026-Q1`)."""
    year = int(key[:4])
    if key[5] == 'Q':
        first = year * 12 + (int(key[6]) - 1) * 3
        return Period(_month_start(first), _month_end(first + 2))
    month = year * 12 + int(key[5:7]) - 1
    return Period(_month_start(month), _month_end(month))


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _month_start(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def _month_end(index: int) -> date:
    return _month_start(index + 1) - timedelta(days=1)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
