"""ECharts options for the Reports page: stacked bars per category in the category's own colour.

Readable in light and dark mode: transparent background, mid-grey text and grid lines. Tooltips show amounts as
formatted on the server (`shown` on each data item); the tooltip formatter escapes every text it puts into HTML,
because category names are user data.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from nicegui import __version__, ui
from nicegui.dependencies import esm_modules

from services.core.i18n import _, locale_of
from services.reports.income import IncomeReport, IncomeSeries

TEXT = '#8a8a8a'
GRID_LINE = 'rgba(138, 138, 138, 0.25)'
EDGE = 'rgba(160, 160, 160, 0.7)'  # dark category colours stay visible on a dark background
# Static code only: the values it shows arrive as data.
TOOLTIP = r"""(items) => {
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
  const list = Array.isArray(items) ? items : [items];
  let out = esc(list.length ? list[0].axisValueLabel || list[0].name : '');
  for (const item of list) {
    if (!item.data || !item.data.value) continue;
    out += '<br>' + item.marker + esc(item.seriesName) + ': <b>' + esc(item.data.shown) + '</b>';
  }
  return out;
}"""


def preload_echarts() -> None:
    """In the first HTML of a page with a chart: fetch ECharts' code at once, beside NiceGUI's, instead of after the
    chart component and its entry module have been fetched and read (it is most of what an empty cache waits for)."""
    if not ui.context.client.has_socket_connection:  # later (in-app navigation) the modules load as they are needed
        ui.add_head_html(''.join(f'<link rel="modulepreload" href="{url}">' for url in _echarts_urls()))


@functools.cache
def _echarts_urls() -> tuple[str, ...]:
    """NiceGUI's ECharts bundle: its entry module and the chunk that entry imports (named by a hash per release)."""
    for key, module in esm_modules.items():
        if module.name == 'nicegui-echart':
            base = f'/_nicegui/{__version__}/esm/{key}/'
            chunks = re.findall(r'from\s*"\./([\w.-]+\.js)"', (module.path / 'index.js').read_text(encoding='utf-8'))
            return (base + 'index.js', *(base + chunk for chunk in chunks))
    return ()


def income_chart(
    report: IncomeSeries | IncomeReport, labels: list[str], money: Callable[[Decimal], str]
) -> dict[str, Any]:
    """Stacked bars: one series per table row (same order, same colour), one bar per bucket."""
    series = [
        {
            'name': row.name,
            'type': 'bar',
            'stack': 'income',
            'emphasis': {'focus': 'series'},
            'itemStyle': {'color': row.colour, 'borderColor': EDGE, 'borderWidth': 0.5},
            'data': [{'value': float(value), 'shown': money(value)} for value in row.series],
        }
        for row in report.rows
    ]
    return _bars(labels, series, _('Income by category'))


def new_customers_chart(report: IncomeReport, labels: list[str]) -> dict[str, Any]:
    series = [
        {
            'name': row.name,
            'type': 'bar',
            'stack': 'customers',
            'emphasis': {'focus': 'series'},
            'itemStyle': {'color': row.colour, 'borderColor': EDGE, 'borderWidth': 0.5},
            'data': [{'value': count, 'shown': str(count)} for count in row.new_customers],
        }
        for row in report.rows
    ]
    options = _bars(labels, series, _('New customers by category'))
    options['yAxis']['minInterval'] = 1  # whole customers on the axis
    return options


def _value_labels() -> dict[str, Any]:
    """The value axis' numbers in the page's language (100,000 / 100.000); the locale is ours, never user data."""
    return {'color': TEXT, ':formatter': f'(value) => value.toLocaleString({json.dumps(locale_of().language)})'}


def _bars(labels: list[str], series: list[dict[str, Any]], title: str) -> dict[str, Any]:
    axis = {'axisLabel': {'color': TEXT}, 'axisLine': {'lineStyle': {'color': TEXT}}}
    return {
        'backgroundColor': 'transparent',
        'textStyle': {'color': TEXT},
        'animation': False,
        'legend': {'type': 'scroll', 'bottom': 0, 'textStyle': {'color': TEXT}},
        'grid': {'left': 8, 'right': 16, 'top': 40, 'bottom': 40, 'containLabel': True},
        'tooltip': {'trigger': 'axis', 'axisPointer': {'type': 'shadow'}, ':formatter': TOOLTIP, 'confine': True},
        'toolbox': {
            'right': 8,
            'iconStyle': {'borderColor': TEXT},
            'feature': {'saveAsImage': {'title': _('Save as PNG'), 'name': title, 'backgroundColor': '#ffffff'}},
        },
        'xAxis': {'type': 'category', 'data': labels, **axis},
        'yAxis': {
            'type': 'value',
            **axis,
            'axisLabel': _value_labels(),
            'splitLine': {'lineStyle': {'color': GRID_LINE}},
        },
        'series': series,
    }
