"""An import batch keeps its file's column names, so the rows it did not import can be downloaded later from the
list of past imports with the file's own header row (services/customers/transfer/history.py)."""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('models', '0018_imports')]

    initial = False

    operations = [
        ops.AddField(model_name='ImportBatch', name='headers', field=fields.JSONField(null=True)),
    ]
