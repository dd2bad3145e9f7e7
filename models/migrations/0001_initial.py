from tortoise import migrations
from tortoise.migrations import operations as ops
from models.customer import CustomerKind, TaxIdStatus
from models.note import NoteKind
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Category',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=50)),
                ('name_key', fields.CharField(unique=True, max_length=50)),
                ('colour', fields.CharField(max_length=7)),
                ('description', fields.CharField(default='', max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                'table': 'category',
                'app': 'models',
                'pk_attr': 'id',
                'table_description': '`name_key` is the case-folded name, so "VIP" and "vip" are one category.',
            },
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Company',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('default_country', fields.CharField(default='DE', max_length=2)),
                ('required_fields', fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'company', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Counter',
            fields=[
                ('name', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('value', fields.IntField(default=0)),
            ],
            options={'table': 'counter', 'app': 'models', 'pk_attr': 'name'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Customer',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('number', fields.CharField(unique=True, max_length=16)),
                (
                    'kind',
                    fields.CharEnumField(
                        default=CustomerKind.COMPANY,
                        description='PERSON: person\nCOMPANY: company',
                        enum_type=CustomerKind,
                        max_length=10,
                    ),
                ),
                ('name', fields.CharField(max_length=200)),
                ('name_key', fields.CharField(db_index=True, max_length=200)),
                ('contact_person', fields.CharField(default='', max_length=200)),
                ('email', fields.CharField(default='', db_index=True, max_length=254)),
                ('phone', fields.CharField(default='', db_index=True, max_length=20)),
                ('street', fields.CharField(default='', max_length=200)),
                ('postal_code', fields.CharField(default='', max_length=20)),
                ('city', fields.CharField(default='', max_length=100)),
                ('country', fields.CharField(max_length=2)),
                ('tax_id', fields.CharField(default='', db_index=True, max_length=40)),
                (
                    'tax_id_status',
                    fields.CharEnumField(
                        default=TaxIdStatus.NONE,
                        description='NONE: none\nVALID: valid\nUNCHECKED: unchecked',
                        enum_type=TaxIdStatus,
                        max_length=10,
                    ),
                ),
                ('tax_id_scheme', fields.CharField(default='', max_length=120)),
                ('payment_terms_days', fields.IntField(null=True)),
                ('consent_email', fields.BooleanField(default=False)),
                ('consent_email_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('consent_phone', fields.BooleanField(default=False)),
                ('consent_phone_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('archived_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(db_index=True, auto_now=True, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                (
                    'categories',
                    fields.ManyToManyField(
                        'models.Category',
                        unique=True,
                        db_constraint=True,
                        through='customer_category',
                        forward_key='category_id',
                        backward_key='customer_id',
                        related_name='customers',
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
            ],
            options={
                'table': 'customer',
                'app': 'models',
                'pk_attr': 'id',
                'table_description': 'Stored values are normalised: phone in E.164, email lower-case domain, tax ID compact.',
            },
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Note',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    'customer',
                    fields.ForeignKeyField(
                        'models.Customer',
                        source_field='customer_id',
                        db_constraint=True,
                        to_field='id',
                        related_name='notes',
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    'kind',
                    fields.CharEnumField(
                        default=NoteKind.GENERAL,
                        description='GENERAL: general\nEVENT: event\nAGREEMENT: agreement\nCONTACT: contact',
                        enum_type=NoteKind,
                        max_length=10,
                    ),
                ),
                ('body', fields.TextField(unique=False)),
                ('pinned', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'note', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
