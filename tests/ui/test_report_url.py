"""The Reports page's view in the URL: written without defaults, read back the same, and a mangled query falls back
to the defaults (value by value) instead of failing."""

from datetime import date
from urllib.parse import parse_qsl, urlsplit

import pytest

from services.customers.list.spec import MatchMode
from services.reports.income import Basis
from services.reports.period import Preset
from ui.reports.report_url import ReportView, report_url, view_from_params

KNOWN = {3, 7, 9}


def test_the_default_view_is_the_bare_path() -> None:
    assert report_url(ReportView()) == '/reports'
    assert view_from_params({}, KNOWN) == ReportView()


def test_every_choice_survives_the_round_trip() -> None:
    view = ReportView(
        preset=Preset.CUSTOM,
        start=date(2026, 1, 15),
        end=date(2026, 3, 31),
        basis=Basis.PAID,
        category_ids=(3, 7),
        mode=MatchMode.ALL,
        compare=False,
    )
    url = report_url(view)
    assert url == '/reports?period=custom&from=2026-01-15&to=2026-03-31&basis=paid&cat=3%2C7&mode=all&compare=0'
    assert view_from_params(dict(parse_qsl(urlsplit(url).query)), KNOWN) == view
    quarter = ReportView(preset=Preset.THIS_QUARTER, basis=Basis.NET)
    assert report_url(quarter) == '/reports?period=quarter&basis=net'
    assert view_from_params({'period': 'quarter', 'basis': 'net'}, KNOWN) == quarter


@pytest.mark.parametrize(
    ('query', 'expected'),
    [
        ({'period': 'decade'}, ReportView()),
        ({'period': 'custom'}, ReportView()),  # custom without days
        ({'period': 'custom', 'from': '2026-02-30', 'to': '2026-03-01'}, ReportView()),
        ({'period': 'custom', 'from': '0001-01-01', 'to': '2026-03-01'}, ReportView()),
        ({'period': 'custom', 'from': '2026-01-01', 'to': '9999-12-31'}, ReportView()),
        ({'period': 'custom', 'from': '20260101', 'to': '2026-03-01'}, ReportView()),
        ({'basis': 'GROSS; drop'}, ReportView()),
        ({'cat': '3,x,-1,٣,99,7,7'}, ReportView(category_ids=(3, 7))),  # 99: no such category
        ({'mode': 'none', 'compare': 'no'}, ReportView()),
        ({'period': 'month', 'from': '2026-01-01', 'to': '2026-01-31'}, ReportView(preset=Preset.THIS_MONTH)),
    ],
)
def test_what_is_not_understood_is_the_default(query: dict[str, str], expected: ReportView) -> None:
    assert view_from_params(query, KNOWN) == expected


def test_days_that_make_no_period_are_kept_for_the_field_message() -> None:
    view = view_from_params({'period': 'custom', 'from': '2026-03-05', 'to': '2026-03-01'}, KNOWN)
    assert (view.preset, view.start, view.end) == (Preset.CUSTOM, date(2026, 3, 5), date(2026, 3, 1))
