from tortoise import migrations
from tortoise.migrations import operations as ops
from decimal import Decimal
from models.invoice import InvoiceKind, PaymentMethod
from models.outbox import MessageKind, MessageStatus
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [('models', '0005_customer_search')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Invoice',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('number', fields.CharField(unique=True, max_length=20)),
                (
                    'customer',
                    fields.ForeignKeyField(
                        'models.Customer',
                        source_field='customer_id',
                        db_constraint=True,
                        to_field='id',
                        related_name='invoices',
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    'kind',
                    fields.CharEnumField(
                        default=InvoiceKind.REGULAR,
                        description='WELCOME: welcome\nREGULAR: regular',
                        enum_type=InvoiceKind,
                        max_length=10,
                    ),
                ),
                ('idempotency_key', fields.CharField(unique=True, max_length=100)),
                ('issue_date', fields.DateField()),
                ('due_date', fields.DateField(db_index=True)),
                ('currency', fields.CharField(max_length=3)),
                ('lines', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('vat_breakdown', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('net_total', fields.DecimalField(max_digits=14, decimal_places=2)),
                ('vat_total', fields.DecimalField(max_digits=14, decimal_places=2)),
                ('total', fields.DecimalField(max_digits=14, decimal_places=2)),
                ('paid_total', fields.DecimalField(default=Decimal('0'), max_digits=14, decimal_places=2)),
                ('message', fields.TextField(default='', unique=False)),
                ('reminders', fields.BooleanField(default=True)),
                ('seller', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('buyer', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('voided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('void_reason', fields.CharField(default='', max_length=200)),
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
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                'table': 'invoice',
                'app': 'models',
                'pk_attr': 'id',
                'table_description': 'An issued invoice: lines and the seller and buyer snapshots never change after issue.',
            },
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Logo',
            fields=[
                ('sha256', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('content_type', fields.CharField(max_length=20)),
                ('data', fields.BinaryField()),
                ('width', fields.IntField()),
                ('height', fields.IntField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                'table': 'logo',
                'app': 'models',
                'pk_attr': 'sha256',
                'table_description': 'A logo checked on upload (a PNG or JPEG that decodes), never changed afterwards.',
            },
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OutboxMessage',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    'kind',
                    fields.CharEnumField(
                        description='INVOICE: invoice\nREMINDER: reminder\nTEST: test',
                        enum_type=MessageKind,
                        max_length=10,
                    ),
                ),
                ('idempotency_key', fields.CharField(unique=True, max_length=120)),
                (
                    'invoice',
                    fields.ForeignKeyField(
                        'models.Invoice',
                        source_field='invoice_id',
                        null=True,
                        db_constraint=True,
                        to_field='id',
                        related_name='messages',
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ('reminder_day', fields.IntField(null=True)),
                ('sender', fields.CharField(max_length=400)),
                ('recipient', fields.CharField(max_length=254)),
                ('subject', fields.CharField(max_length=300)),
                ('body_text', fields.TextField(unique=False)),
                ('body_html', fields.TextField(unique=False)),
                ('attach_invoice', fields.BooleanField(default=False)),
                ('message_id', fields.CharField(max_length=300)),
                (
                    'status',
                    fields.CharEnumField(
                        default=MessageStatus.PENDING,
                        description='PENDING: pending\nSENDING: sending\nSENT: sent\nFAILED: failed\nUNKNOWN: unknown\nCANCELLED: cancelled',
                        enum_type=MessageStatus,
                        max_length=10,
                    ),
                ),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('claim_token', fields.CharField(null=True, max_length=32)),
                ('claimed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_error', fields.TextField(default='', unique=False)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                'table': 'outbox_message',
                'app': 'models',
                'indexes': [Index(fields=['status', 'next_attempt_at'])],
                'pk_attr': 'id',
                'table_description': 'An email, written in the same transaction as the invoice it announces and delivered later by the worker.',
            },
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Payment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    'invoice',
                    fields.ForeignKeyField(
                        'models.Invoice',
                        source_field='invoice_id',
                        db_constraint=True,
                        to_field='id',
                        related_name='payments',
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ('amount', fields.DecimalField(max_digits=14, decimal_places=2)),
                ('paid_on', fields.DateField()),
                (
                    'method',
                    fields.CharEnumField(
                        default=PaymentMethod.BANK_TRANSFER,
                        description='BANK_TRANSFER: bank_transfer\nCASH: cash\nCARD: card\nOTHER: other',
                        enum_type=PaymentMethod,
                        max_length=20,
                    ),
                ),
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
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'payment', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Product',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=200)),
                ('unit', fields.CharField(default='', max_length=20)),
                ('unit_price', fields.DecimalField(max_digits=14, decimal_places=2)),
                ('vat_rate', fields.DecimalField(max_digits=5, decimal_places=2)),
                ('archived_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'product', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AlterModelOptions(
            name='Company',
            options={
                'table': 'company',
                'app': 'models',
                'pk_attr': 'id',
                'table_description': 'Registration defaults plus what invoices and emails say about the business.',
            },
        ),
        ops.AddField(
            model_name='Company',
            name='address',
            field=fields.TextField(default='', unique=False),
        ),
        ops.AddField(
            model_name='Company',
            name='brand_colour',
            field=fields.CharField(default='#1e4e79', max_length=7),
        ),
        ops.AddField(
            model_name='Company',
            name='currency',
            field=fields.CharField(default='EUR', max_length=3),
        ),
        ops.AddField(
            model_name='Company',
            name='logo_sha256',
            field=fields.CharField(null=True, max_length=64),
        ),
        ops.AddField(
            model_name='Company',
            name='name',
            field=fields.CharField(default='', max_length=200),
        ),
        ops.AddField(
            model_name='Company',
            name='payment_instructions',
            field=fields.TextField(default='', unique=False),
        ),
        ops.AddField(
            model_name='Company',
            name='payment_terms_days',
            field=fields.IntField(default=14),
        ),
        ops.AddField(
            model_name='Company',
            name='reminder_days',
            field=fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads),
        ),
        ops.AddField(
            model_name='Company',
            name='sender_email',
            field=fields.CharField(default='', max_length=254),
        ),
        ops.AddField(
            model_name='Company',
            name='sender_name',
            field=fields.CharField(default='', max_length=100),
        ),
        ops.AddField(
            model_name='Company',
            name='tax_id',
            field=fields.CharField(default='', max_length=40),
        ),
        ops.AddField(
            model_name='Company',
            name='welcome_body',
            field=fields.TextField(default='', unique=False),
        ),
        ops.AddField(
            model_name='Company',
            name='welcome_subject',
            field=fields.CharField(default='', max_length=200),
        ),
    ]
