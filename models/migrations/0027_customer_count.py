"""SQLite: how many customers there are, how many archived and how many merged, kept by triggers (issue 16).

The list's total without a search or a filter (the table as it opens) counted the active customers through an index:
42 ms at 1,000,000 customers, on every page and every refresh. `customer_count` holds one row (id 1) that triggers
keep exact whatever writes the customer table (an insert, a delete, archived_at or merged_into_id set or cleared),
like 0013's category counts: active customers are `customers - archived`, the archived view's are
`customers - merged` (a merged customer's tombstone is left out of both). PostgreSQL keeps counting (an index-only
scan; one row updated by every insert would serialise concurrent imports there).

Like the triggers of 0005 and 0013, a later migration that rebuilds the customer table on SQLite (Tortoise's
AlterField) would drop these triggers: see 0010_right_values.py for how to alter a column without that.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

# Also what bench/bulk_seed.py runs after loading rows with the triggers set aside.
RECOUNT = """
DELETE FROM customer_count;
INSERT INTO customer_count (id, customers, archived, merged)
SELECT 1, COUNT(*), COUNT(archived_at), COUNT(merged_into_id) FROM customer;
"""
TABLE = """
CREATE TABLE IF NOT EXISTS customer_count (
    id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    customers INTEGER NOT NULL DEFAULT 0,
    archived INTEGER NOT NULL DEFAULT 0,
    merged INTEGER NOT NULL DEFAULT 0
);
"""
TRIGGERS = """
CREATE TRIGGER customer_count_insert AFTER INSERT ON customer BEGIN
    UPDATE customer_count SET customers = customers + 1, archived = archived + (new.archived_at IS NOT NULL),
        merged = merged + (new.merged_into_id IS NOT NULL)
    WHERE id = 1;
END;
CREATE TRIGGER customer_count_delete AFTER DELETE ON customer BEGIN
    UPDATE customer_count SET customers = customers - 1, archived = archived - (old.archived_at IS NOT NULL),
        merged = merged - (old.merged_into_id IS NOT NULL)
    WHERE id = 1;
END;
CREATE TRIGGER customer_count_update AFTER UPDATE OF archived_at, merged_into_id ON customer
WHEN (old.archived_at IS NULL) <> (new.archived_at IS NULL) OR (old.merged_into_id IS NULL) <> (new.merged_into_id IS NULL)
BEGIN
    UPDATE customer_count
    SET archived = archived + (new.archived_at IS NOT NULL) - (old.archived_at IS NOT NULL),
        merged = merged + (new.merged_into_id IS NOT NULL) - (old.merged_into_id IS NOT NULL)
    WHERE id = 1;
END;
"""
SQLITE_DROP = """
DROP TRIGGER IF EXISTS customer_count_insert;
DROP TRIGGER IF EXISTS customer_count_delete;
DROP TRIGGER IF EXISTS customer_count_update;
DROP TABLE IF EXISTS customer_count;
"""


async def forwards(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect != 'postgres':
        await client.execute_script(TABLE + RECOUNT + TRIGGERS)


async def backwards(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect != 'postgres':
        await client.execute_script(SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [('models', '0026_listed_ids')]

    initial = False

    operations = [ops.RunPython(forwards, backwards)]
