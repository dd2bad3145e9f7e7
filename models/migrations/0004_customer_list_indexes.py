from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [('models', '0003_profile')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Customer',
            name='category_sort',
            field=fields.CharField(default='', db_default='', max_length=255),
        ),
        ops.AddField(
            model_name='Customer',
            name='search_text',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddIndex(
            model_name='Customer',
            index=Index(fields=['archived_at', 'number', 'id']),
        ),
        ops.AddIndex(
            model_name='Customer',
            index=Index(fields=['archived_at', 'name_key', 'id']),
        ),
        ops.AddIndex(
            model_name='Customer',
            index=Index(fields=['archived_at', 'email', 'id']),
        ),
        ops.AddIndex(
            model_name='Customer',
            index=Index(fields=['archived_at', 'phone', 'id']),
        ),
        ops.AddIndex(
            model_name='Customer',
            index=Index(fields=['archived_at', 'postal_code', 'id']),
        ),
        ops.AddIndex(
            model_name='Customer',
            index=Index(fields=['archived_at', 'city', 'id']),
        ),
        ops.AddIndex(
            model_name='Customer',
            index=Index(fields=['archived_at', 'country', 'id']),
        ),
        ops.AddIndex(
            model_name='Customer',
            index=Index(fields=['archived_at', 'created_at', 'id']),
        ),
        ops.AddIndex(
            model_name='Customer',
            index=Index(fields=['archived_at', 'category_sort', 'id']),
        ),
        ops.AddIndex(
            model_name='Customer',
            index=Index(fields=['city']),
        ),
        ops.AddIndex(
            model_name='Customer',
            index=Index(fields=['country']),
        ),
        ops.AddIndex(
            model_name='Customer',
            index=Index(fields=['created_at']),
        ),
        ops.AddIndex(
            model_name='Customer',
            index=Index(fields=['category_sort']),
        ),
    ]
