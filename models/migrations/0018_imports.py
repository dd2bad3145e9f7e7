from tortoise import migrations
from tortoise.migrations import operations as ops
from models.transfer import ImportStatus
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [('models', '0017_mail_leases')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ImportBatch',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=200)),
                ('filename', fields.CharField(default='', max_length=200)),
                (
                    'status',
                    fields.CharEnumField(
                        default=ImportStatus.RUNNING,
                        description='RUNNING: running\nDONE: done\nCANCELLED: cancelled\nFAILED: failed\nUNDONE: undone',
                        enum_type=ImportStatus,
                        max_length=10,
                    ),
                ),
                ('total', fields.IntField(default=0)),
                ('done', fields.IntField(default=0)),
                ('created', fields.IntField(default=0)),
                ('updated', fields.IntField(default=0)),
                ('unchanged', fields.IntField(default=0)),
                ('rejected_count', fields.IntField(default=0)),
                ('rejected', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('message', fields.TextField(default='', unique=False)),
                (
                    'created_by',
                    fields.ForeignKeyField(
                        'models.User',
                        source_field='created_by_id',
                        null=True,
                        db_constraint=True,
                        to_field='id',
                        related_name=False,
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ('started_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('undone_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                'table': 'import_batch',
                'app': 'models',
                'pk_attr': 'id',
                'table_description': 'One import run. Counts are updated after every committed chunk, and rejected holds the rows not imported.',
            },
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ImportChange',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    'batch',
                    fields.ForeignKeyField(
                        'models.ImportBatch',
                        source_field='batch_id',
                        db_constraint=True,
                        to_field='id',
                        related_name='changes',
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ('customer_id', fields.IntField(db_index=True)),
                ('created', fields.BooleanField()),
                ('before', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('version', fields.IntField()),
            ],
            options={
                'table': 'import_change',
                'app': 'models',
                'pk_attr': 'id',
                'table_description': 'What a batch did to one customer: created it or overwrote before, draft field to the value as it was.',
            },
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ImportMapping',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=100)),
                ('columns', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                'table': 'import_mapping',
                'app': 'models',
                'pk_attr': 'id',
                'table_description': 'A column mapping kept by name: header text to target field, see services.customers.transfer.mapping.',
            },
            bases=['Model'],
        ),
    ]
