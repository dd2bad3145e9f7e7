"""The customer table fits the page on a laptop screen: long values wrap in their cells instead of widening the table
past the page (which hid the columns after them behind a sideways scroll)."""

import pytest
from playwright.async_api import Page, expect

from tests.e2e.conftest import sign_in
from tests.e2e.test_customer_table import edit

pytestmark = pytest.mark.e2e

LONG_NAME = (
    'Internationale Handels- und Logistikgesellschaft für Präzisionsmaschinen, Werkzeuge und Ersatzteile mbH & Co. KG'
)
# How far the table reaches beyond its scroller, and where the last header ends against the window's width.
MEASURE = """() => {
    const middle = document.querySelector('.q-table__middle');
    const last = [...document.querySelectorAll('thead th')].pop();
    return {overflow: middle.scrollWidth - middle.clientWidth, lastRight: last.getBoundingClientRect().right,
            window: window.innerWidth, lastText: last.innerText};
}"""


@pytest.mark.parametrize('width', [1400])
async def test_the_default_columns_fit_and_a_long_name_wraps(demo_server: str, page: Page, width: int) -> None:
    await page.set_viewport_size({'width': width, 'height': 900})
    await sign_in(page, demo_server, target='/customers')
    await expect(page.locator('.q-table tbody tr').first).to_be_visible()
    fits = await page.evaluate(MEASURE)
    assert fits['overflow'] <= 0 and fits['lastRight'] <= fits['window'], fits
    assert 'Created' in fits['lastText']

    await (await edit(page, 'C-00040', 2, LONG_NAME)).locator('input').press('Enter')
    row = page.locator('tbody tr', has_text='C-00040')
    await expect(row).to_contain_text('Präzisionsmaschinen')
    fits = await page.evaluate(MEASURE)
    assert fits['overflow'] <= 0 and fits['lastRight'] <= fits['window'], fits
    name = row.locator('td').nth(2)
    assert (await name.bounding_box() or {'height': 0})['height'] > 60  # on several lines
