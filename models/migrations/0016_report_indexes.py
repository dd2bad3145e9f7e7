"""Reports (issue 12): covering indexes, so a period's invoices and payments are read without their wide rows."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [('models', '0015_merge_and_sessions')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Invoice',
            index=Index(
                fields=[
                    'issue_date',
                    'currency',
                    'voided_at',
                    'customer_id',
                    'total',
                    'net_total',
                    'paid_total',
                    'due_date',
                ]
            ),
        ),
        ops.AddIndex(model_name='Payment', index=Index(fields=['invoice_id', 'paid_on', 'amount'])),
        ops.AddIndex(model_name='Payment', index=Index(fields=['paid_on', 'invoice_id', 'amount'])),
    ]
