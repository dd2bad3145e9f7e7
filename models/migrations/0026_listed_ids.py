"""SQLite: the ids of archived customers and of merged ones, each in a small partial index (issue 16).

A search of a common term (35,000 hits for 'smith' at 1,000,000 customers) counts its hits from the trigram index
and leaves out the archived ones (or, in the archived view, the merged ones) by looking each hit up here, instead of
reading every hit's customer row (services/customers/list/sql.py, `search_count_sql`). Both indexes hold only the
customers they name, so they stay small and cached however large the table grows. PostgreSQL: nothing (its search
reads the rows to recheck the trigram match anyway).

Like the triggers of 0005 and 0013, a later migration that rebuilds the customer table on SQLite (Tortoise's
AlterField) would drop these indexes: the list query names them (INDEXED BY) and would then fail, not slow down.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

SQLITE = """
CREATE INDEX IF NOT EXISTS customer_archived_ids ON customer (id) WHERE archived_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS customer_merged_ids ON customer (id) WHERE merged_into_id IS NOT NULL;
"""
SQLITE_DROP = """
DROP INDEX IF EXISTS customer_archived_ids;
DROP INDEX IF EXISTS customer_merged_ids;
"""


async def forwards(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect != 'postgres':
        await client.execute_script(SQLITE)


async def backwards(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect != 'postgres':
        await client.execute_script(SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [('models', '0025_statement_plans')]

    initial = False

    operations = [ops.RunPython(forwards, backwards)]
