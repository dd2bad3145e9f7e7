"""Dates, times, numbers and percentages for people, in a language's locale conventions (Babel / CLDR).

Korean `2026. 11. 30.`, Spanish `30/11/2026`, English `Nov 30, 2026`; amounts are in `services.core.values.money`.
The locale is the current language's (`services.core.i18n.locale_of`) unless one is given. Machine-readable forms
(CSV, stored values, HTML `value` attributes) stay ISO: use `date.isoformat()` there, not these.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from decimal import Decimal

from babel.core import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time
from babel.numbers import format_decimal, format_percent

from services.core.i18n import locale_of

# CLDR's 'medium' date is `2026. 11. 30.` in Korean and `Nov 30, 2026` in English, but `30 nov 2026` in Spanish,
# where people write `30/11/2026` (CLDR's short Spanish date has a two-digit year): the pattern per language.
DATE_FORMATS = {'es': 'dd/MM/y'}


def _locale(locale: Locale | str | None) -> Locale:
    if locale is None:
        return locale_of()
    return locale if isinstance(locale, Locale) else Locale.parse(locale)


def _date_format(loc: Locale) -> str:
    return DATE_FORMATS.get(loc.language, 'medium')


def format_date(day: date | datetime | None, *, locale: Locale | str | None = None) -> str:
    """A calendar date: `2026. 11. 30.` (ko), `30/11/2026` (es), `Nov 30, 2026` (en); '' for None."""
    if day is None:
        return ''
    if isinstance(day, datetime):
        day = day.date()
    return babel_format_date(day, format=_date_format(_locale(locale)), locale=_locale(locale))


def format_time(moment: datetime, *, locale: Locale | str | None = None, zone: tzinfo | None = None) -> str:
    """A time of day, hours and minutes: `오후 3:05` (ko), `15:05` (es), `3:05 PM` (en); in `zone` if given."""
    return babel_format_time(moment, format='short', tzinfo=zone, locale=_locale(locale))


def format_date_time(moment: datetime | None, *, locale: Locale | str | None = None, zone: tzinfo | None = None) -> str:
    """Date and time: `2026. 11. 30. 오후 3:05`, `30/11/2026 15:05`, `Nov 30, 2026 3:05 PM`; '' for None."""
    if moment is None:
        return ''
    loc = _locale(locale)
    if zone is not None and moment.tzinfo is not None:
        moment = moment.astimezone(zone)
    return f'{format_date(moment, locale=loc)} {format_time(moment, locale=loc)}'


def format_whole(value: int | Decimal, *, locale: Locale | str | None = None) -> str:
    """A count with the locale's grouping: `100,000` (en, ko), `100.000` (es)."""
    return format_decimal(value, format='#,##0', locale=_locale(locale))


def whole_group_symbol(*, locale: Locale | str | None = None) -> str:
    """What `format_whole` puts between groups of three digits (`.` in Spanish, `,` in English and Korean), for
    counts a browser formats itself (its `toLocaleString` leaves `1120` ungrouped in Spanish)."""
    return format_whole(1000, locale=locale)[1:-3]


def format_rate(percent: Decimal | int | float, *, locale: Locale | str | None = None) -> str:
    """A percentage given in percent (19 -> `19%` in en/ko, `19 %` in es; 7.5 -> `7.5%`, `7,5 %`)."""
    fraction = Decimal(str(percent)) / 100
    return str(format_percent(fraction, locale=_locale(locale), decimal_quantization=False))
