"""Settings -> Welcome invoice: the preset (default lines, terms, reminders, message per language, switch default)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [('models', '0011_korean_search')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Company',
            name='welcome_preset',
            field=fields.JSONField(null=True),
        ),
    ]
