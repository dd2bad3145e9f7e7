"""Korean initial-consonant search: customers with Hangul in their name or contact person get their search text
rebuilt (it now also holds the names' initial consonants, 김민준 -> ᄀᄆᄌ).

The rows are only marked (search text ''); the services fill them at start-up (services/customers/list/search_index.py,
`index_missing_customers`), so the rule lives in one place. The FTS5 triggers of 0005 follow the update on SQLite.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

SQLITE_MARK = "UPDATE customer SET search_text = '' WHERE name GLOB '*[가-힣]*' OR contact_person GLOB '*[가-힣]*'"
POSTGRES_MARK = "UPDATE customer SET search_text = '' WHERE name ~ '[가-힣]' OR contact_person ~ '[가-힣]'"


async def forwards(apps, schema_editor) -> None:
    client = schema_editor.client
    postgres = client.capabilities.dialect == 'postgres'
    await client.execute_script(POSTGRES_MARK if postgres else SQLITE_MARK)


async def backwards(apps, schema_editor) -> None:
    """Nothing to undo: the extra initial consonants in the search text harm no older version."""


class Migration(migrations.Migration):
    dependencies = [('models', '0010_right_values')]

    initial = False

    operations = [ops.RunPython(forwards, backwards)]
