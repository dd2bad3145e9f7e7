"""PostgreSQL: 0023's statement triggers look up each of the statement's customers by index, whatever the tables'
statistics say (issue 13).

0024 priced out sequential scans, but a statement trigger joined its 500 new customers to `customer`,
`customer_category` or `report_uncategorised` with `IN (...)`, `EXISTS` and `JOIN`: with statistics from when those
tables were empty, the planner hashed the whole table (walking its primary key, since scans were priced out) once
per statement, so each chunk of an import cost time growing with the table (160 rows/s near 80,000 customers).
0023's builders now gather the ids once (`= ANY (ARRAY(...))`, an index lookup per id), keep `EXISTS` per row
(`OFFSET 0` stops it becoming a join) and read the archived flag of a linked customer by its key; the functions carry
`SET enable_seqscan = off` themselves. This migration re-creates them from those builders (0023's script is
idempotent); a database migrated from scratch gets the same functions from 0023 already.
"""

import importlib

from tortoise import migrations
from tortoise.migrations import operations as ops


async def forwards(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == 'postgres':
        await client.execute_script(importlib.import_module('models.migrations.0023_statement_sums').script())


async def backwards(apps, schema_editor) -> None:
    """The functions stay as they are (the same sums; only their plans differ)."""


class Migration(migrations.Migration):
    dependencies = [('models', '0024_trigger_plans')]

    initial = False

    operations = [ops.RunPython(forwards, backwards)]
