"""The Reports page's view in the URL query, like the Customers table's (see `ui.common.page_url`).

`/reports?period=custom&from=2026-01-01&to=2026-03-31&basis=paid&cat=3,7&mode=all&compare=0`; defaults (the last 12
months, gross, every category, Any of, compared) are left out. A value that is not understood falls back to its
default, so a mangled link still opens a report: an unknown period or basis, custom dates that are not ISO days of
the years 1900-2199 (then the default period), category ids that are not numbers or not categories any more. Custom
dates that are days but no valid period (the end before the start, more than ten years) are kept: the page shows them
with the message on the field, as when they are typed.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from services.customers.list.spec import MatchMode
from services.reports.income import Basis
from services.reports.period import Preset, is_reportable_day

PATH = '/reports'
MAX_CATEGORIES = 50  # as the report itself


@dataclass(frozen=True)
class ReportView:
    """What the page shows; `start`/`end` only for custom dates (both set)."""

    preset: Preset = Preset.LAST_12_MONTHS
    start: date | None = None
    end: date | None = None
    basis: Basis = Basis.GROSS
    category_ids: tuple[int, ...] = ()
    mode: MatchMode = MatchMode.ANY
    compare: bool = True


def view_from_params(params: Mapping[str, str], known_categories: Collection[int]) -> ReportView:
    """The view a URL query asks for; anything not understood is the default (never an error)."""
    preset, start, end = _period(params)
    basis = params.get('basis', '')
    ids = {int(part) for part in params.get('cat', '').split(',') if part.isascii() and part.isdigit()}
    return ReportView(
        preset=preset,
        start=start,
        end=end,
        basis=Basis(basis) if basis in {choice.value for choice in Basis} else Basis.GROSS,
        category_ids=tuple(sorted(ids & set(known_categories)))[:MAX_CATEGORIES],
        mode=MatchMode.ALL if params.get('mode') == MatchMode.ALL else MatchMode.ANY,
        compare=params.get('compare') != '0',
    )


def report_url(view: ReportView) -> str:
    defaults = ReportView()
    params: dict[str, str] = {}
    if view.preset != defaults.preset:
        params['period'] = view.preset.value
    if view.preset == Preset.CUSTOM and view.start and view.end:
        params['from'], params['to'] = view.start.isoformat(), view.end.isoformat()
    if view.basis != defaults.basis:
        params['basis'] = view.basis.value
    if view.category_ids:
        params['cat'] = ','.join(str(category_id) for category_id in view.category_ids)
    if view.mode != defaults.mode:
        params['mode'] = view.mode.value
    if not view.compare:
        params['compare'] = '0'
    return f'{PATH}?{urlencode(params)}' if params else PATH


def _period(params: Mapping[str, str]) -> tuple[Preset, date | None, date | None]:
    name = params.get('period', '')
    if name not in {choice.value for choice in Preset}:
        return ReportView.preset, None, None
    preset = Preset(name)
    if preset != Preset.CUSTOM:
        return preset, None, None
    start, end = _day(params.get('from', '')), _day(params.get('to', ''))
    if start is None or end is None:
        return ReportView.preset, None, None
    return preset, start, end


def _day(text: str) -> date | None:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if len(text) == 10 and is_reportable_day(day) else None
