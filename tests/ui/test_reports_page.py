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


async def test_the_view_comes_from_the_url_and_goes_back_into_it(user: User) -> None:
    await sign_in(user, role=Role.MEMBER)
    await user.open('/customers')
    ids = await build()
    wholesale = ids['wholesale']
    await user.open(f'/reports?period=custom&from=2026-01-01&to=2026-03-31&basis=net&cat={wholesale}&compare=0')
    await user.should_see(marker='report-chart', retries=20)

    def table() -> ui.table:
        element = next(iter(user.find(marker='report-table').elements))
        assert isinstance(element, ui.table)
        return element

    def value(marker: str) -> object:
        return next(iter(user.find(marker=marker).elements)).value  # type: ignore[attr-defined]

    # Wholesale (C1, C2) net: I1 100 + I2 200 + I3 50 + I4 300; the total is the same invoices.
    await eventually(lambda: {row['name']: row['amount'] for row in table().rows}.get('Wholesale') == '€650.00')
    assert [row['name'] for row in table().rows] == ['Wholesale', 'Sum of the rows', 'Total, each invoice once']
    assert 'previous' not in [column['name'] for column in table().columns]
    assert (value('report-period'), value('report-start'), value('report-end')) == (
        'custom',
        '2026-01-01',
        '2026-03-31',
    )
    assert (value('report-basis'), value('report-compare')) == ('net', False)

    next(iter(user.find(marker='report-basis').elements)).value = 'gross'  # type: ignore[attr-defined]
    next(iter(user.find(marker='report-compare').elements)).value = True  # type: ignore[attr-defined]
    await eventually(lambda: 'previous' in [column['name'] for column in table().columns])
    assert {row['name']: row['amount'] for row in table().rows}['Wholesale'] == '€773.50'
    assert user.client.sub_pages_router.current_path == (
        f'/reports?period=custom&from=2026-01-01&to=2026-03-31&cat={wholesale}'
    )


async def test_a_mangled_url_opens_the_default_report(user: User) -> None:
    await sign_in(user)
    await user.open('/reports?period=custom&from=2026-13-01&to=x&basis=%00&cat=1,a,999&mode=every&compare=maybe')
    await user.should_see(marker='report-chart', retries=20)

    def names() -> list[str]:
        table = next(iter(user.find(marker='report-table').elements))
        assert isinstance(table, ui.table)
        return [row['name'] for row in table.rows]

    await eventually(lambda: names() == ['No category', 'Sum of the rows', 'Total, each invoice once'])
    assert next(iter(user.find(marker='report-period').elements)).value == '12m'  # type: ignore[attr-defined]
    assert next(iter(user.find(marker='report-basis').elements)).value == 'gross'  # type: ignore[attr-defined]


async def test_the_menu_entry_opens_the_default_report_again(user: User) -> None:
    await sign_in(user)
    await user.open('/reports')
    await user.should_see(marker='report-chart', retries=20)
    basis = next(iter(user.find(marker='report-basis').elements))
    basis.value = 'paid'  # type: ignore[attr-defined]
    await eventually(lambda: user.client.sub_pages_router.current_path == '/reports?basis=paid')
    user.navigate.to('/reports')  # the menu's link: the page was built for /reports; it stays, with the default view
    await eventually(lambda: basis.value == 'gross')  # type: ignore[attr-defined]
    assert not basis.is_deleted
