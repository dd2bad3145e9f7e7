"""PostgreSQL: the report and category-count trigger functions plan their statements with `enable_seqscan = off`.

PL/pgSQL keeps the plan of each statement in a function for the life of the connection. Plans made while the
summary tables were empty (a new install, the first chunk of an import) scan them from the start (right for an empty
table); kept as they are, they still scanned `report_uncategorised` once per inserted customer when it held 70,000
rows (an import fell from ~1,000 to ~120 rows/s; 8 billion rows read in 10 minutes). Every lookup these functions
make has an index (primary keys, `customer_id` indexes of 0020/0022), so with sequential scans priced out the plans
use them whatever the statistics say, and stay right as the tables grow. A function's `SET` clause applies while it
runs (PostgreSQL `CREATE FUNCTION ... SET`), nothing else is affected. SQLite plans each trigger statement afresh.

`CREATE OR REPLACE FUNCTION` drops a function's SET clauses: a later migration that re-creates one of these functions
sets it again (`tests/services/reports/test_trigger_plans.py` checks every one).
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

FUNCTIONS = """
SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = current_schema() AND p.prorettype = 'trigger'::regtype
  AND (p.proname LIKE 'report\\_%' OR p.proname LIKE 'category\\_count\\_%')
"""


async def _set(client, clause: str) -> None:
    _, rows = await client.execute_query(FUNCTIONS)
    for row in rows:
        await client.execute_script(f'ALTER FUNCTION {row[0]} {clause};')


async def forwards(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == 'postgres':
        await _set(client, 'SET enable_seqscan = off')


async def backwards(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == 'postgres':
        await _set(client, 'RESET enable_seqscan')


class Migration(migrations.Migration):
    dependencies = [('models', '0023_statement_sums')]

    initial = False

    operations = [ops.RunPython(forwards, backwards)]
