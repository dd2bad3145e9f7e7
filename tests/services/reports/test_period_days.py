"""Custom report days outside the years 1900-2199 are a field message, not an overflow deep in the report."""

from datetime import date

import pytest

from services.core.errors import ValidationFailed
from services.reports.period import Preset, resolve

TODAY = date(2026, 3, 20)


@pytest.mark.parametrize(
    ('start', 'end', 'errors'),
    [
        (date(1, 1, 1), date(2026, 1, 31), {'start': 'Choose a day between 1900 and 2199'}),
        (date(9999, 1, 1), date(9999, 12, 31), {'start': 'Choose a day between 1900 and 2199',
                                                'end': 'Choose a day between 1900 and 2199'}),
        (date(2199, 1, 1), date(2200, 1, 1), {'end': 'Choose a day between 1900 and 2199'}),
    ],
)  # fmt: skip
def test_days_out_of_range_name_the_field(start: date, end: date, errors: dict[str, str]) -> None:
    with pytest.raises(ValidationFailed) as raised:
        resolve(Preset.CUSTOM, TODAY, start, end)
    assert raised.value.errors == errors


def test_the_first_and_last_years_are_allowed_with_their_previous_period() -> None:
    first = resolve(Preset.CUSTOM, TODAY, date(1900, 1, 1), date(1900, 12, 31))
    assert first.previous().start == date(1899, 1, 1)
    last = resolve(Preset.CUSTOM, TODAY, date(2199, 1, 1), date(2199, 12, 31))
    assert last.end == date(2199, 12, 31)
