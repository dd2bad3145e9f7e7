"""Mail claims are leases: who holds a message (`claim_owner`), until when (`lease_until`), and whether its data went
to the server (`data_sent_at`), so an expired lease is recovered while the app runs: `unknown` only when the data
was sent without a final answer, `pending` otherwise (services/mail/worker.py)."""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('models', '0016_report_indexes')]

    initial = False

    operations = [
        ops.AddField(model_name='OutboxMessage', name='claim_owner', field=fields.CharField(max_length=100, null=True)),
        ops.AddField(model_name='OutboxMessage', name='lease_until', field=fields.DatetimeField(null=True)),
        ops.AddField(model_name='OutboxMessage', name='data_sent_at', field=fields.DatetimeField(null=True)),
    ]
