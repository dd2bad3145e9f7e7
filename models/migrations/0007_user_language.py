from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [('models', '0006_invoices_mail')]

    initial = False

    operations = [
        ops.AddField(
            model_name='User',
            name='language',
            field=fields.CharField(default='', db_default='', max_length=10),
        ),
    ]
