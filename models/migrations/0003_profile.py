from tortoise import migrations
from tortoise.migrations import operations as ops
from models.custom_field import CustomFieldKind
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [('models', '0002_users_audit')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Attachment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    'note',
                    fields.ForeignKeyField(
                        'models.Note',
                        source_field='note_id',
                        db_constraint=True,
                        to_field='id',
                        related_name='attachments',
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ('original_name', fields.CharField(max_length=200)),
                ('stored_name', fields.CharField(unique=True, max_length=64)),
                ('size', fields.IntField()),
                ('sha256', fields.CharField(max_length=64)),
                ('content_type', fields.CharField(default='application/pdf', max_length=100)),
                ('pages', fields.IntField(default=0)),
                (
                    'uploaded_by',
                    fields.ForeignKeyField(
                        'models.User',
                        source_field='uploaded_by_id',
                        null=True,
                        db_constraint=True,
                        to_field='id',
                        related_name=False,
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                'table': 'attachment',
                'app': 'models',
                'pk_attr': 'id',
                'table_description': '`original_name` is metadata only: the file on disk is named `stored_name` (a UUID), never by the user.',
            },
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CustomFieldDefinition',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(unique=True, max_length=40)),
                ('label', fields.CharField(max_length=80)),
                (
                    'kind',
                    fields.CharEnumField(
                        description='TEXT: text\nLONG_TEXT: long_text\nNUMBER: number\nDATE: date\nYES_NO: yes_no\nCHOICE: choice\nURL: url\nEMAIL: email',
                        enum_type=CustomFieldKind,
                        max_length=10,
                    ),
                ),
                ('options', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('required', fields.BooleanField(default=False)),
                ('position', fields.IntField(default=0)),
                ('active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                'table': 'custom_field_definition',
                'app': 'models',
                'pk_attr': 'id',
                'table_description': 'Deactivating a definition hides the field but keeps every stored value.',
            },
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CustomFieldValue',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    'customer',
                    fields.ForeignKeyField(
                        'models.Customer',
                        source_field='customer_id',
                        db_constraint=True,
                        to_field='id',
                        related_name='custom_values',
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    'definition',
                    fields.ForeignKeyField(
                        'models.CustomFieldDefinition',
                        source_field='definition_id',
                        db_constraint=True,
                        to_field='id',
                        related_name='values',
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ('text', fields.TextField(null=True, unique=False)),
                ('number', fields.DecimalField(null=True, max_digits=20, decimal_places=6)),
                ('date', fields.DateField(null=True)),
                ('flag', fields.BooleanField(null=True)),
            ],
            options={
                'table': 'custom_field_value',
                'app': 'models',
                'unique_together': (('customer', 'definition'),),
                'pk_attr': 'id',
                'table_description': 'One typed value: exactly one of the value columns is used, chosen by the kind of the definition.',
            },
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Customer',
            name='erased_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Note',
            name='deleted_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Note',
            name='event_date',
            field=fields.DateField(null=True),
        ),
    ]
