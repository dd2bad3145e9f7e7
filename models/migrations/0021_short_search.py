"""PostgreSQL: an index for one- and two-letter searches, which the trigram index of 0005 cannot answer.

`customer_short_terms(search_text)` is the set of every one- and two-character piece of the search text (the field
separator '|' left out); a GIN index over it finds the customers whose search text contains a short term
(`customer_short_terms(search_text) @> ARRAY['ki']`), which is exactly `search_text LIKE '%ki%'`, since a term is
letters and digits only (services/customers/list/search_keys.py). SQLite keeps scanning for such terms (no change).

The function is expensive per row (every piece of ~100 characters): COST 1000 tells the planner so, and the query
pairs it with the equivalent, cheap `LIKE`, which is what a row is checked with when the plan walks a sort index.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

POSTGRES = """
CREATE OR REPLACE FUNCTION customer_short_terms(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $$
    SELECT ARRAY(
        SELECT DISTINCT substr(t, i, n)
        FROM generate_series(1, length(t)) AS i, (VALUES (1), (2)) AS sizes (n)
        WHERE i + n - 1 <= length(t) AND strpos(substr(t, i, n), '|') = 0
    )
$$;
CREATE INDEX IF NOT EXISTS customer_search_short ON customer USING gin (customer_short_terms(search_text));
"""
POSTGRES_DROP = """
DROP INDEX IF EXISTS customer_search_short;
DROP FUNCTION IF EXISTS customer_short_terms(text);
"""


async def forwards(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == 'postgres':
        await client.execute_script(POSTGRES)


async def backwards(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == 'postgres':
        await client.execute_script(POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [('models', '0020_report_summary')]

    initial = False

    operations = [ops.RunPython(forwards, backwards)]
