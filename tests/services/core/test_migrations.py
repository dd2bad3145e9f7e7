"""The migrations on disk build exactly the schema the models describe."""

from tortoise.context import get_current_context
from tortoise.migrations.autodetector import MigrationAutodetector

from services.core.db import tortoise_config


async def test_models_have_no_changes_missing_from_the_migrations(db: str) -> None:
    apps_config = tortoise_config('sqlite://:memory:')['apps']
    context = get_current_context()
    assert context is not None
    changes = await MigrationAutodetector(context.apps, apps_config).changes()
    assert [str(op) for writer in changes for op in writer.operations] == []
