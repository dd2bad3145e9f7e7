"""New customers per month and category ("New customers by category" on the Reports page).

A customer counts in the month of the company's time zone (Settings -> Company) in which it was registered, like
every time the app shows: registered 2026-01-31 23:30 in Asia/Seoul (14:30 UTC) counts in January, not in February
as a UTC month would have it, nor in a previous month's report. The months' edges are worked out here with
`zoneinfo` (summer time included) and compared with the stored UTC instants, so SQLite, which knows no time zones,
and PostgreSQL give the same answer from the same statement.

Rules shared with the income report (`services.reports.income`): a customer in several categories counts in each;
category None is "No category"; a category filter keeps the customers having any (or all) of the chosen categories
and the rows of the chosen categories. Erased and archived customers count (they were registered).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.backends.base.client import BaseDBAsyncClient

from services.customers.list.spec import MatchMode
from services.customers.list.sql import Parameters
from services.reports.figures import ReportQuery
from services.reports.period import Period

MAX_CATEGORIES = 50  # as in the income report: a filter names at most this many categories


def month_edges(period: Period, zone: ZoneInfo) -> tuple[list[str], list[datetime]]:
    """The months (`YYYY-MM`) the period touches and their edges as UTC instants.

    `edges[i]` is where month i's part of the period starts (the period's first day at 00:00 in `zone` for the first
    month, the 1st at 00:00 for the others); the last edge is the day after the period at 00:00, so there is one
    edge more than months.
    """
    months: list[str] = []
    edges: list[datetime] = []
    day = period.start
    while day <= period.end:
        months.append(f'{day.year:04d}-{day.month:02d}')
        edges.append(_midnight(day, zone))
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    edges.append(_midnight(date.fromordinal(period.end.toordinal() + 1), zone))
    return months, edges


async def new_customers(
    conn: BaseDBAsyncClient, query: ReportQuery, zone: ZoneInfo, *, per_category: bool = True
) -> defaultdict[int | None, dict[str, int]]:
    """category (None: no category, or everyone when not `per_category`) -> month `YYYY-MM` -> customers
    registered in that month of `zone`, within `query.period`. Months without registrations are left out."""
    postgres = conn.capabilities.dialect == 'postgres'
    p = Parameters('postgres' if postgres else 'sqlite')
    months, edges = month_edges(query.period, zone)

    def instant(moment: datetime) -> Any:
        return moment if postgres else moment.isoformat(sep=' ')  # how Tortoise stores them on SQLite

    # Placeholders are added in the order they appear in the text (SQLite's are positional).
    # The month's index: the first edge the instant is below (edges as parameters, indexes as fixed text).
    cases = ' '.join(f'WHEN c.created_at < {p.add(instant(edge))} THEN {i}' for i, edge in enumerate(edges[1:]))
    ids = query.category_ids[:MAX_CATEGORIES]
    category, join = 'NULL', ''
    if per_category:
        only = f' AND cc.category_id IN ({", ".join(p.add(i) for i in ids)})' if ids else ''
        category, join = 'cc.category_id', f' LEFT JOIN customer_category cc ON cc.customer_id = c.id{only}'
    where = f'c.created_at >= {p.add(instant(edges[0]))} AND c.created_at < {p.add(instant(edges[-1]))}'
    if ids:
        marks = ', '.join(p.add(i) for i in ids)
        having = f' HAVING COUNT(*) = {len(ids)}' if query.mode == MatchMode.ALL else ''
        where += (
            f' AND c.id IN (SELECT customer_id FROM customer_category WHERE category_id IN ({marks})'
            f' GROUP BY customer_id{having})'
        )
    sql = (
        f'SELECT s.category_id AS category_id, s.month AS month, COUNT(*) AS customers FROM'
        f' (SELECT {category} AS category_id, CASE {cases} END AS month FROM customer c{join} WHERE {where}) s'
        f' GROUP BY s.category_id, s.month'
    )
    _, records = await conn.execute_query(sql, p.values)
    result: defaultdict[int | None, dict[str, int]] = defaultdict(dict)
    for record in records:
        row = dict(record)
        if row['month'] is not None:
            result[row['category_id']][months[int(row['month'])]] = int(row['customers'])
    return result


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)
