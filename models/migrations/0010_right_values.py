"""Right values: phone extensions (wider column), the email duplicate key, honest tax ID status, the company's time
zone, unit prices with 4 decimals and amounts with the minor unit of every currency (3 decimals), Greek VAT prefix EL.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops
from decimal import Decimal
from models.customer import TaxIdStatus
from tortoise import fields
from tortoise.indexes import Index


class AlterColumnType(ops.AlterField):
    """A wider column (VARCHAR length, NUMERIC scale). SQLite enforces neither, and Tortoise would rebuild the whole
    table there (losing its indexes and the search triggers of 0005): only the migration state changes on SQLite."""

    async def database_forward(self, app_label, old_state, new_state, state_editor=None) -> None:
        if state_editor is not None and state_editor.DIALECT != 'sqlite':
            await super().database_forward(app_label, old_state, new_state, state_editor)

    async def database_backward(self, app_label, old_state, new_state, state_editor=None) -> None:
        if state_editor is not None and state_editor.DIALECT != 'sqlite':
            await super().database_backward(app_label, old_state, new_state, state_editor)


class Migration(migrations.Migration):
    dependencies = [('models', '0007_user_language')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Company',
            name='time_zone',
            field=fields.CharField(default='', db_default='', max_length=64),
        ),
        AlterColumnType(
            model_name='Customer',
            name='phone',
            field=fields.CharField(default='', db_index=True, max_length=48),
        ),
        AlterColumnType(
            model_name='Customer',
            name='tax_id_status',
            field=fields.CharEnumField(
                default=TaxIdStatus.NONE,
                description='NONE: none\nVALID: valid\nFORMAT: format\nUNCHECKED: unchecked',
                enum_type=TaxIdStatus,
                max_length=10,
            ),
        ),
        ops.AddField(
            model_name='Customer',
            name='email_key',
            field=fields.CharField(default='', db_default='', max_length=254),
        ),
        ops.AddIndex(
            model_name='Customer',
            index=Index(fields=['email_key']),
        ),
        AlterColumnType(
            model_name='Invoice',
            name='net_total',
            field=fields.DecimalField(max_digits=15, decimal_places=3),
        ),
        AlterColumnType(
            model_name='Invoice',
            name='paid_total',
            field=fields.DecimalField(default=Decimal('0'), max_digits=15, decimal_places=3),
        ),
        AlterColumnType(
            model_name='Invoice',
            name='total',
            field=fields.DecimalField(max_digits=15, decimal_places=3),
        ),
        AlterColumnType(
            model_name='Invoice',
            name='vat_total',
            field=fields.DecimalField(max_digits=15, decimal_places=3),
        ),
        AlterColumnType(
            model_name='Payment',
            name='amount',
            field=fields.DecimalField(max_digits=15, decimal_places=3),
        ),
        AlterColumnType(
            model_name='Product',
            name='unit_price',
            field=fields.DecimalField(max_digits=16, decimal_places=4),
        ),
        # Greek VAT numbers typed with the ISO code (GR...) take the canonical VAT prefix EL; their search text is
        # rebuilt at start-up (an empty search text means "not indexed yet").
        ops.RunSQL(
            "UPDATE customer SET tax_id = 'EL' || substr(tax_id, 3), search_text = '' "
            "WHERE country = 'GR' AND tax_id LIKE 'GR%'",
            reverse_sql=ops.RunSQL.noop,
        ),
    ]
