"""The Reports page: members see the income by category, the total, the note on other currencies; bad dates are
named on the field."""

from nicegui import ui
from nicegui.testing import User

from models import Role
from tests.services.reports.test_income import build
from tests.ui.helpers import eventually, sign_in


async def test_a_member_sees_income_by_category_and_the_total(user: User) -> None:
    await sign_in(user, role=Role.MEMBER)
    await user.open('/customers')
    await build()  # invoices of January to March 2026 (see tests/services/reports/test_income.py)
    await user.open('/reports')
    await user.should_see(marker='report-chart', retries=20)
    user.find(marker='report-period').click()
    user.find('Custom dates').click()
    user.find(marker='report-start').clear().type('2026-01-01').trigger('change')
    user.find(marker='report-end').clear().type('2026-03-31').trigger('change')

    def totals() -> dict[str, str]:
        table = next(iter(user.find(marker='report-table').elements))
        assert isinstance(table, ui.table)
        return {row['name']: row['amount'] for row in table.rows}

    await eventually(lambda: totals().get('Wholesale') == '€773.50')
    assert totals() == {
        'Retail': '€511.70',
        'Wholesale': '€773.50',
        'No category': '€11.90',
        'Sum of the rows': '€1,297.10',
        'Total, each invoice once': '€880.60',
    }
    await user.should_see('Left out: 1 invoice in USD ($500.00); amounts are in EUR.')


async def test_an_end_before_the_start_is_named_on_the_field(user: User) -> None:
    await sign_in(user)
    await user.open('/reports')
    await user.should_see(marker='report-chart', retries=20)
    user.find(marker='report-start').clear().type('2026-03-05').trigger('change')
    user.find(marker='report-end').clear().type('2026-03-01').trigger('change')

    def error() -> str | None:
        element = next(iter(user.find(marker='report-end').elements))
        assert isinstance(element, ui.input)
        return element.error

    await eventually(lambda: error() == 'The last day comes before the first day')


async def test_the_invoices_page_filters_from_its_url_and_its_fields(user: User) -> None:
    await sign_in(user, role=Role.MEMBER)
    await user.open('/customers')
    await build()
    await user.open('/invoices?status=paid')
    await user.should_see('4 invoices', retries=20)  # I1, I4, I5, I9
    user.find(marker='invoices-filter-customer').type('C1')
    await user.should_see('2 invoices', retries=20)  # I1, I9
    await user.open('/invoices?cat=1,2&mode=all')
    await user.should_see('3 invoices', retries=20)  # C2's I3, I4, I10
