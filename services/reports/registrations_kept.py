"""New customers per month of the company's time zone and category, from the sums the database keeps (rows of
currency '' in `report_day`: customers per UTC day of registration and category, 0 "No category", -1 everyone;
models/migrations/0022_report_registrations.py), with the same answer as
`services.reports.registrations.new_customers`.

A month of the company's zone starts at an instant (`month_edges`) that may fall inside a UTC day. Whole UTC days
between two edges are summed from `report_day`; the days an edge cuts (at most one per month) are counted from the
customers registered on them, as `registrations` does. With "any of" (or one category) the chosen categories' rows
are `report_day`'s (every customer of a chosen category passes the filter); "any of" several categories counts the
customers of all of them once, and "all of" asks for customers having each one: only the customer table answers those.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.backends.base.client import BaseDBAsyncClient

from services.customers.list.spec import MatchMode
from services.customers.list.sql import Parameters
from services.reports.figures import ReportQuery
from services.reports.registrations import MAX_CATEGORIES, month_edges

NONE, TOTAL = 0, -1
PerCategory = defaultdict[int | None, dict[str, int]]


async def kept_new_customers(
    conn: BaseDBAsyncClient, query: ReportQuery, zone: ZoneInfo
) -> tuple[PerCategory, dict[str, int] | None] | None:
    """(category None = "No category" -> month -> customers, month -> everyone), with a category filter only the
    chosen categories and everyone None for several of them; None for "all of" several categories."""
    ids = query.category_ids[:MAX_CATEGORIES]
    if len(set(ids)) > 1 and query.mode == MatchMode.ALL:
        return None
    postgres = conn.capabilities.dialect == 'postgres'
    months, edges = month_edges(query.period, zone)
    cut = sorted({edge.date() for edge in edges if edge.timetz() != time(tzinfo=UTC)})

    def day(value: date) -> Any:
        return value if postgres else value.isoformat()

    def instant(moment: datetime) -> Any:
        return moment if postgres else moment.isoformat(sep=' ')  # how Tortoise stores them on SQLite

    # Whole UTC days: a day before edge i+1's date (and not cut) is in month i.
    p = Parameters('postgres' if postgres else 'sqlite')
    cases = ' '.join(f'WHEN d.day < {p.add(day(edge.date()))} THEN {i}' for i, edge in enumerate(edges[1:]))
    within = f"d.currency = '' AND d.day >= {p.add(day(edges[0].date()))} AND d.day < {p.add(day(edges[-1].date()))}"
    if cut:  # placeholders in the order of the text (SQLite's are positional)
        within += f' AND d.day NOT IN ({", ".join(p.add(day(value)) for value in cut)})'
    if ids:
        within += f' AND d.category_id IN ({", ".join(p.add(category_id) for category_id in ids)})'
    whole = (
        'SELECT s.category_id AS category_id, s.month AS month, SUM(s.registered) AS customers FROM'
        f' (SELECT d.category_id AS category_id, CASE {cases} END AS month, d.registered AS registered'
        f' FROM report_day d WHERE {within}) s GROUP BY s.category_id, s.month'
    )
    rows = await _rows(conn, whole, p.values)
    # The cut days, customer by customer, within the period's edges.
    if cut:
        p = Parameters('postgres' if postgres else 'sqlite')
        cases = ' '.join(f'WHEN c.created_at < {p.add(instant(edge))} THEN {i}' for i, edge in enumerate(edges[1:]))
        windows = ' OR '.join(
            f'(c.created_at >= {p.add(instant(max(edges[0], _midnight(value))))}'
            f' AND c.created_at < {p.add(instant(min(edges[-1], _midnight(value + timedelta(days=1)))))})'
            for value in cut
        )
        registered = f'SELECT c.id AS id, CASE {cases} END AS month FROM customer c WHERE {windows}'
        if ids:
            chosen = ', '.join(p.add(category_id) for category_id in ids)
            sql = (
                f'WITH a AS ({registered})'
                ' SELECT cc.category_id AS category_id, a.month AS month, COUNT(*) AS customers'
                f' FROM a JOIN customer_category cc ON cc.customer_id = a.id AND cc.category_id IN ({chosen})'
                ' GROUP BY cc.category_id, a.month'
            )
        else:
            sql = (
                f'WITH a AS ({registered})'
                f' SELECT COALESCE(cc.category_id, {NONE}) AS category_id, a.month AS month, COUNT(*) AS customers'
                f' FROM a LEFT JOIN customer_category cc ON cc.customer_id = a.id'
                f' GROUP BY COALESCE(cc.category_id, {NONE}), a.month'
                f' UNION ALL SELECT {TOTAL}, a.month, COUNT(*) FROM a GROUP BY a.month'
            )
        rows += await _rows(conn, sql, p.values)
    per_category: PerCategory = defaultdict(dict)
    total: dict[str, int] = {}
    for row in rows:
        if row['month'] is None or not int(row['customers'] or 0):
            continue
        month, key = months[int(row['month'])], int(row['category_id'])
        target = total if key == TOTAL else per_category[None if key == NONE else key]
        target[month] = target.get(month, 0) + int(row['customers'])
    if len(set(ids)) > 1:
        return per_category, None  # several categories: their customers once, from the customer table
    return per_category, dict(per_category[ids[0]]) if ids else total


async def _rows(conn: BaseDBAsyncClient, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    _, records = await conn.execute_query(sql, params)
    return [dict(record) for record in records]


def _midnight(value: date) -> datetime:
    return datetime.combine(value, time(), tzinfo=UTC)
