"""How many rows the user skipped in an import's preview, so the summary accounts for every row (newcomer report 19)."""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('models', '0030_three_decimal_rates')]

    initial = False

    operations = [
        ops.AddField(
            model_name='ImportBatch',
            name='skipped',
            field=fields.IntField(default=0, db_default=0),
        ),
    ]
