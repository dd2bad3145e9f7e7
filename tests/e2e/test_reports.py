"""Reports in a real browser: change the period and the categories, click a bar, land on exactly those customers."""

import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.async_api import Browser, Page, expect

from tests.e2e.conftest import choose_option, sign_in

pytestmark = pytest.mark.e2e

# The bar's centre in page pixels: the chart instance converts (bucket, half the value) of series 0.
BAR_POINT = """() => {
  const element = document.querySelector('.nicegui-echart');
  const chart = getElement(element).chart;
  const data = chart.getOption().series[0].data;
  const index = data.reduce((best, item, i) => (item.value > data[best].value ? i : best), 0);
  const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, [index, data[index].value / 2]);
  const box = element.getBoundingClientRect();
  return { index, x: box.left + x, y: box.top + y, value: data[index].value };
}"""


def customers_invoiced(database: Path, category_id: int, first: str, last: str) -> int:
    """Hand-written: customers of the category with a non-void EUR invoice issued in these days."""
    with sqlite3.connect(database) as conn:
        row = conn.execute(
            'SELECT COUNT(DISTINCT i.customer_id) FROM invoice i JOIN customer_category cc ON cc.customer_id = '
            "i.customer_id WHERE cc.category_id = ? AND i.voided_at IS NULL AND i.currency = 'EUR' "
            'AND i.issue_date BETWEEN ? AND ?',
            (category_id, first, last),
        ).fetchone()
    return int(row[0])


async def test_a_click_on_a_bar_opens_the_customers_behind_it(demo_server: str, page: Page, tmp_path: Path) -> None:
    await sign_in(page, demo_server, target='/reports')
    await expect(page.locator('.nicegui-echart canvas').first).to_be_visible()
    await expect(page.get_by_text('Total, each invoice once')).to_be_visible()

    await choose_option(page, 'Period', 'This year')
    year = datetime.now(UTC).year
    await expect(page.get_by_label('From')).to_have_value(f'{year}-01-01')

    chip = page.get_by_role('group', name='Filter by category').locator('.q-chip').first
    category = (await chip.inner_text()).split('\n')[0].strip()
    await chip.click()
    rows = page.locator('.q-table tbody tr')
    await expect(rows).to_have_count(3)  # the chosen category, the sum of the rows, the total
    await expect(rows.first.locator('td').first).to_have_text(category)

    await page.wait_for_function('() => document.querySelector(".nicegui-echart") !== null')
    bar = await page.evaluate(BAR_POINT)
    assert bar['value'] > 0
    await page.mouse.click(bar['x'], bar['y'])
    await page.wait_for_url('**/customers?**')

    params = parse_qs(urlsplit(page.url).query)
    first, last = params['inv'][0].split('..')
    assert first == f'{year}-{bar["index"] + 1:02d}-01'
    expected = customers_invoiced(tmp_path / 'data' / 'clientbook.sqlite3', int(params['cat'][0]), first, last)
    assert expected > 0
    suffix = 'customer found' if expected == 1 else 'customers found'
    await expect(page.get_by_text(f'{expected:,} {suffix}')).to_be_visible()
    await expect(page.get_by_text('From Reports: only customers invoiced from')).to_be_visible()


async def table_text(page: Page) -> list[str]:
    return [text.strip() for text in await page.locator('.q-table tbody tr').all_inner_texts()]


async def test_the_report_is_in_the_url_for_reload_back_and_a_copied_link(
    demo_server: str, page: Page, browser: Browser
) -> None:
    await sign_in(page, demo_server, target='/reports')
    await expect(page.get_by_text('Total, each invoice once')).to_be_visible()

    await choose_option(page, 'Period', 'This year')
    await expect(page).to_have_url(re.compile(r'/reports\?period=year$'))
    await page.get_by_role('button', name='Paid', exact=True).click()
    await expect(page).to_have_url(re.compile(r'/reports\?period=year&basis=paid$'))
    chip = page.get_by_role('group', name='Filter by category').locator('.q-chip').first
    await chip.focus()
    await page.keyboard.press('Enter')  # the chips work from the keyboard
    await expect(page).to_have_url(re.compile(r'/reports\?period=year&basis=paid&cat=\d+$'))
    await page.get_by_role('switch', name='Compare with the previous period').click()
    await expect(page).to_have_url(re.compile(r'&compare=0$'))
    await expect(page.locator('.q-table tbody tr')).to_have_count(3)
    await expect(page.get_by_role('columnheader', name='Previous period')).to_have_count(0)
    url, rows = page.url, await table_text(page)
    assert re.search(r'^\S+\t', rows[0])  # the category's row with its figures

    await page.reload()
    await expect(page.locator('.q-table tbody tr')).to_have_count(3)
    await expect(page.get_by_label('From')).to_have_value(f'{datetime.now(UTC).year}-01-01')
    assert page.url == url
    assert await table_text(page) == rows
    await expect(page.get_by_role('button', name='Paid', exact=True)).to_have_attribute('aria-pressed', 'true')
    await expect(page.get_by_role('switch', name='Compare with the previous period')).to_have_attribute(
        'aria-checked', 'false'
    )
    await expect(page.locator('.q-chip[aria-pressed="true"]')).to_have_count(1)

    # The category's name leads to its customers; back comes to the same report.
    await page.locator('.q-table tbody tr').first.get_by_role('link').first.click()
    await page.wait_for_url('**/customers?**')
    await page.go_back()
    await page.wait_for_url(url)
    await expect(page.locator('.q-table tbody tr')).to_have_count(3)
    assert await table_text(page) == rows
    await page.go_forward()
    await page.wait_for_url('**/customers?**')

    # A colleague opening the copied link (signed in on another computer) sees the same report.
    context = await browser.new_context(viewport={'width': 1400, 'height': 1000})
    other = await context.new_page()
    await sign_in(other, demo_server, target=url.removeprefix(demo_server))
    await expect(other.locator('.q-table tbody tr')).to_have_count(3)
    assert await table_text(other) == rows
    await context.close()


async def test_the_first_html_holds_the_chart_and_the_table_follows(demo_server: str, page: Page) -> None:
    await sign_in(page, demo_server, target='/reports')
    html = await (await page.request.get(demo_server + '/reports?period=year')).text()
    assert '"stack":"income"' in html.replace(' ', '')  # the chart's series come with the page, not by websocket
    await page.goto(demo_server + '/reports?period=year')
    await expect(page.locator('.nicegui-echart canvas').first).to_be_visible()
    await expect(page.get_by_text('Total, each invoice once')).to_be_visible()
    await expect(page.get_by_role('button', name='Export CSV')).to_be_enabled()
    await expect(page.get_by_text('New customers by category')).to_be_visible()
