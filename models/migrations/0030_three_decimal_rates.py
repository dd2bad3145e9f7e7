"""VAT and sales-tax rates with 3 decimals (8.875 %, New York City sales tax): products kept 2 (newcomer report 5).

Invoice lines and VAT sums keep their rate as text in JSON (`decimal_text`), so only the product column changes.
"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class AlterColumnType(ops.AlterField):
    """A wider NUMERIC scale. SQLite does not enforce it, and Tortoise would rebuild the whole table there: only the
    migration state changes on SQLite (as in 0010)."""

    async def database_forward(self, app_label, old_state, new_state, state_editor=None) -> None:
        if state_editor is not None and state_editor.DIALECT != 'sqlite':
            await super().database_forward(app_label, old_state, new_state, state_editor)

    async def database_backward(self, app_label, old_state, new_state, state_editor=None) -> None:
        if state_editor is not None and state_editor.DIALECT != 'sqlite':
            await super().database_backward(app_label, old_state, new_state, state_editor)


class Migration(migrations.Migration):
    dependencies = [('models', '0029_unindexed_customers')]

    initial = False

    operations = [
        AlterColumnType(
            model_name='Product',
            name='vat_rate',
            field=fields.DecimalField(max_digits=6, decimal_places=3),
        ),
    ]
