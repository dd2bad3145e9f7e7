"""PostgreSQL: every trigger function that keeps the report sums or the category counts plans its statements with
sequential scans priced out (migration 0024), so plans cached while the tables were empty still use the indexes."""

from __future__ import annotations

import asyncpg

FUNCTIONS = """
SELECT p.proname, coalesce(p.proconfig, '{}') AS config FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = current_schema() AND p.prorettype = 'trigger'::regtype
"""


async def test_summary_triggers_use_their_indexes(postgres_database: str) -> None:
    connection = await asyncpg.connect(postgres_database.replace('postgres://', 'postgresql://', 1))
    try:
        rows = await connection.fetch(FUNCTIONS)
    finally:
        await connection.close()
    kept = {
        row['proname']: list(row['config']) for row in rows if row['proname'].startswith(('report_', 'category_count_'))
    }
    assert {
        'report_sum_customer_added',
        'report_sum_link_added',
        'category_count_linked',
        'report_invoice_added',
    } <= set(kept)
    assert {name: config for name, config in kept.items() if 'enable_seqscan=off' not in config} == {}
