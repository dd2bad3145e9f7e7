"""New customers of an import and their category links, written per chunk with one statement (PostgreSQL: one
multi-row INSERT) or one `executemany` (SQLite), without a Tortoise model object per row (building and converting
100,000 `Customer` objects cost more CPU than checking their rows).

The columns and their defaults come from the model (`Customer._meta`), so a column added later is written with its
default; the values are what registration stores (`transfer.rows.NewRow`, checked like the form), the timestamps
what Tortoise writes (`timezone.localtime()`, as `auto_now`). `test_import_same_as_registration` compares every
column with registered customers on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from functools import cache
from typing import Any

from tortoise import timezone
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.fields import DatetimeField

from models import Customer
from services.core.actors import Actor
from services.customers.list.search_keys import FIELD_SEPARATOR, search_key
from services.customers.transfer.rows import NewRow

POSTGRES_PARAMETERS = 32_767  # the most bind parameters one statement takes (PostgreSQL's wire protocol: Int16)


@cache
def _defaults() -> dict[str, Any]:
    """Model field -> its default, for every stored column but the id (`None` for timestamps set here)."""
    defaults: dict[str, Any] = {}
    for name in Customer._meta.fields_db_projection:
        if name == 'id':
            continue
        field = Customer._meta.fields_map[name]
        default = field.default
        defaults[name] = default() if callable(default) else default
    return defaults


def _stamped() -> tuple[str, ...]:
    return tuple(
        name
        for name in _defaults()
        if isinstance(field := Customer._meta.fields_map[name], DatetimeField)
        and (field.auto_now or field.auto_now_add)
    )


def customer_values(row: NewRow, number: str, by: Actor, now: datetime) -> dict[str, Any]:
    """The model fields of a new customer from a checked row, as `registration.create_customer` sets them."""
    values = row.values
    return {
        **values,
        'number': number,
        'consent_email_at': now if values['consent_email'] else None,
        'consent_phone_at': now if values['consent_phone'] else None,
        'created_by_id': by.id,
        'updated_by_id': by.id,
        'category_sort': row.category_sort,
        'version': 1,
        'search_text': FIELD_SEPARATOR.join(key for key in (search_key(number), row.search_rest) if key),
    }


async def insert_customers(customers: list[dict[str, Any]], conn: BaseDBAsyncClient) -> dict[str, int]:
    """Insert the customers (model field -> value, see `customer_values`); returns number -> id."""
    if not customers:
        return {}
    defaults = _defaults()
    stamp = timezone.localtime()
    stamped = dict.fromkeys(_stamped(), stamp)
    names = list(defaults)
    columns = [Customer._meta.fields_db_projection[name] for name in names]
    rows = []
    for customer in customers:
        merged = {**defaults, **stamped, **customer}
        rows.append([value.value if isinstance(value, Enum) else value for value in (merged[n] for n in names)])
    if conn.capabilities.dialect == 'postgres':
        return await _insert_postgres(columns, rows, conn)
    marks = ', '.join('?' for _ in columns)
    sql = f'INSERT INTO customer ({", ".join(columns)}) VALUES ({marks})'  # noqa: S608 - names from the model
    await conn.execute_many(sql, rows)
    numbers = [customer['number'] for customer in customers]
    found = await Customer.filter(number__in=numbers).using_db(conn).values_list('number', 'id')
    return {str(number): int(customer_id) for number, customer_id in found}


async def insert_links(links: list[list[int]], conn: BaseDBAsyncClient) -> None:
    """Insert category links, each `[customer_id, category_id]`: on PostgreSQL with one statement (the report and
    count triggers of 0023 then run once), on SQLite with `executemany`."""
    if not links:
        return
    if conn.capabilities.dialect == 'postgres':
        await conn.execute_query(
            'INSERT INTO customer_category (customer_id, category_id) SELECT * FROM unnest($1::int[], $2::int[])',
            [[link[0] for link in links], [link[1] for link in links]],
        )
    else:
        await conn.execute_many('INSERT INTO customer_category (customer_id, category_id) VALUES (?, ?)', links)


async def _insert_postgres(columns: list[str], rows: list[list[Any]], conn: BaseDBAsyncClient) -> dict[str, int]:
    """One multi-row INSERT per at most `POSTGRES_PARAMETERS` values: the report triggers of 0023 then add the chunk's
    registrations once per statement (row by row, every row upserted the same summary rows)."""
    per_statement = max(1, POSTGRES_PARAMETERS // len(columns))
    ids: dict[str, int] = {}
    for start in range(0, len(rows), per_statement):
        part = rows[start : start + per_statement]
        marks = ', '.join(
            '(' + ', '.join(f'${n * len(columns) + i}' for i in range(1, len(columns) + 1)) + ')'
            for n in range(len(part))
        )
        sql = f'INSERT INTO customer ({", ".join(columns)}) VALUES {marks} RETURNING id, number'  # noqa: S608
        found = await conn.execute_query_dict(sql, [value for row in part for value in row])
        ids.update({str(row['number']): int(row['id']) for row in found})
    return ids
