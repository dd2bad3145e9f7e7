from tortoise import migrations
from tortoise.migrations import operations as ops
from models.user import Role
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='User',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('email', fields.CharField(unique=True, max_length=254)),
                ('display_name', fields.CharField(max_length=100)),
                ('password_hash', fields.CharField(default='', max_length=200)),
                (
                    'role',
                    fields.CharEnumField(
                        default=Role.MEMBER, description='ADMIN: admin\nMEMBER: member', enum_type=Role, max_length=10
                    ),
                ),
                ('can_view_notes', fields.BooleanField(default=False)),
                ('active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('setup_token_hash', fields.CharField(null=True, unique=True, max_length=64)),
                ('setup_token_expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                'table': 'app_user',
                'app': 'models',
                'pk_attr': 'id',
                'table_description': '`can_view_notes` is granted separately from the role: without it a user sees no notes or attachments.',
            },
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
                (
                    'actor',
                    fields.ForeignKeyField(
                        'models.User',
                        source_field='actor_id',
                        null=True,
                        db_constraint=True,
                        to_field='id',
                        related_name=False,
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ('actor_name', fields.CharField(default='', max_length=100)),
                ('action', fields.CharField(db_index=True, max_length=40)),
                ('entity', fields.CharField(default='', max_length=20)),
                ('entity_id', fields.IntField(null=True)),
                ('field', fields.CharField(default='', max_length=40)),
                ('old_value', fields.TextField(default='', unique=False)),
                ('new_value', fields.TextField(default='', unique=False)),
                ('detail', fields.CharField(default='', max_length=200)),
                ('client_address', fields.CharField(default='', max_length=64)),
            ],
            options={
                'table': 'audit_entry',
                'app': 'models',
                'indexes': [Index(fields=['entity', 'entity_id', 'at'])],
                'pk_attr': 'id',
                'table_description': 'Append-only. `actor_name` is copied so the entry stays readable after the user is renamed or removed.',
            },
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Session',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                (
                    'user',
                    fields.ForeignKeyField(
                        'models.User',
                        source_field='user_id',
                        db_constraint=True,
                        to_field='id',
                        related_name='sessions',
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('last_seen_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('client_address', fields.CharField(default='', max_length=64)),
            ],
            options={
                'table': 'session',
                'app': 'models',
                'pk_attr': 'id',
                'table_description': 'A login: only the SHA-256 of the random token is stored.',
            },
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Customer',
            name='created_by',
            field=fields.ForeignKeyField(
                'models.User',
                source_field='created_by_id',
                null=True,
                db_constraint=True,
                to_field='id',
                related_name=False,
                on_delete=OnDelete.SET_NULL,
            ),
        ),
        ops.AddField(
            model_name='Customer',
            name='updated_by',
            field=fields.ForeignKeyField(
                'models.User',
                source_field='updated_by_id',
                null=True,
                db_constraint=True,
                to_field='id',
                related_name=False,
                on_delete=OnDelete.SET_NULL,
            ),
        ),
        ops.AddField(
            model_name='Note',
            name='author',
            field=fields.ForeignKeyField(
                'models.User',
                source_field='author_id',
                null=True,
                db_constraint=True,
                to_field='id',
                related_name=False,
                on_delete=OnDelete.SET_NULL,
            ),
        ),
    ]
