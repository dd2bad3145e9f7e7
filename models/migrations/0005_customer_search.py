"""Indexes for the customer list that the model cannot declare: categories by category, and the search index.

SQLite: an FTS5 trigram table over customer.search_text, kept in sync by triggers (substring search through an index).
PostgreSQL: a pg_trgm GIN index on customer.search_text (LIKE '%term%' uses it); skipped with a warning when the
extension cannot be created, searching then still works, only slower.
The search text itself is filled by the services at start-up (services/customers/list/search_index.py).
"""

import logging

from tortoise import migrations
from tortoise.migrations import operations as ops

log = logging.getLogger(__name__)

CATEGORY_INDEX = (
    'CREATE INDEX IF NOT EXISTS idx_customer_category_category ON customer_category (category_id, customer_id)'
)

SQLITE_SEARCH = """
CREATE VIRTUAL TABLE customer_search USING fts5(search_text, content='customer', content_rowid='id', tokenize='trigram');
INSERT INTO customer_search(customer_search) VALUES ('rebuild');
CREATE TRIGGER customer_search_insert AFTER INSERT ON customer BEGIN
    INSERT INTO customer_search(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER customer_search_delete AFTER DELETE ON customer BEGIN
    INSERT INTO customer_search(customer_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER customer_search_update AFTER UPDATE OF search_text ON customer BEGIN
    INSERT INTO customer_search(customer_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO customer_search(rowid, search_text) VALUES (new.id, new.search_text);
END;
"""
SQLITE_SEARCH_DROP = """
DROP TRIGGER IF EXISTS customer_search_insert;
DROP TRIGGER IF EXISTS customer_search_delete;
DROP TRIGGER IF EXISTS customer_search_update;
DROP TABLE IF EXISTS customer_search;
"""
POSTGRES_SEARCH = 'CREATE INDEX IF NOT EXISTS customer_search_trgm ON customer USING gin (search_text gin_trgm_ops)'
POSTGRES_CAN_CREATE_TRGM = """
SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm')
    OR (EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm')
        AND has_database_privilege(current_user, current_database(), 'CREATE')) AS ok
"""


async def forwards(apps, schema_editor) -> None:
    client = schema_editor.client
    postgres = client.capabilities.dialect == 'postgres'
    await client.execute_script(CATEGORY_INDEX)
    if not postgres:
        await client.execute_script(SQLITE_SEARCH)
        return
    _, rows = await client.execute_query(POSTGRES_CAN_CREATE_TRGM)
    if rows[0]['ok']:
        await client.execute_script('CREATE EXTENSION IF NOT EXISTS pg_trgm')
        await client.execute_script(POSTGRES_SEARCH)
    else:
        log.warning('pg_trgm is not available: the customer search works without an index (slower)')


async def backwards(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == 'postgres':
        await client.execute_script('DROP INDEX IF EXISTS customer_search_trgm')
    else:
        await client.execute_script(SQLITE_SEARCH_DROP)
    await client.execute_script('DROP INDEX IF EXISTS idx_customer_category_category')


class Migration(migrations.Migration):
    dependencies = [('models', '0004_customer_list_indexes')]

    initial = False

    operations = [ops.RunPython(forwards, backwards)]
