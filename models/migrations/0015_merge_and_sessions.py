"""Merged customers and the browser of a session.

A customer merged into another keeps its row as a tombstone: `merged_into_id` names the survivor its number now opens
(services/customers/merge.py). A session remembers the browser it was opened in (its User-Agent), so people can tell
their sessions apart.
"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('models', '0014_languages')]

    initial = False

    operations = [
        ops.AddField(model_name='Customer', name='merged_into_id', field=fields.IntField(null=True)),
        ops.AddField(model_name='Customer', name='merged_at', field=fields.DatetimeField(null=True)),
        ops.AddField(
            model_name='Session',
            name='user_agent',
            field=fields.CharField(default='', db_default='', max_length=300),
        ),
    ]
