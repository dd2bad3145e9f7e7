"""Languages: the customer's preferred language ('' = the company's), the company's language and its welcome email
subject and body per language (JSON: code -> {"subject", "body"}; null = the single text in welcome_subject/body)."""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('models', '0013_category_counts')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Customer',
            name='language',
            field=fields.CharField(default='', db_default='', max_length=10),
        ),
        ops.AddField(
            model_name='Company',
            name='language',
            field=fields.CharField(default='', db_default='', max_length=10),
        ),
        ops.AddField(
            model_name='Company',
            name='welcome_texts',
            field=fields.JSONField(null=True),
        ),
    ]
