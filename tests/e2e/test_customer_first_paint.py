"""The customer list's first paint: the rows in the page's HTML are the rows the live table then shows, and the
screen never shows other rows (or none) in between."""

import pytest
from playwright.async_api import Page, expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

ROWS = """(root) => [...root.querySelectorAll('tbody tr')].map(tr =>
    [...tr.cells].slice(1).map(td => td.innerText.replace(/\\s+/g, ' ').replace(/ ?edit$/, '').trim()).join(' | '))"""
PAGER = """(root) => root.querySelector('.q-table__bottom').innerText.match(/[0-9,]+–[0-9,]+ of [0-9,]+/)[0]"""
# When the HTML is parsed (before any script of the page ran): the static rows and pager. Then, every frame and every
# DOM change once the HTML is parsed: the numbers of the rows on screen (the static layer's while it is there, else the
# live table's).
RECORD = f"""
window.__seen = [];
document.addEventListener('readystatechange', () => {{
    const layer = document.getElementById('cb-first-paint');
    if (document.readyState !== 'interactive' || !layer) return;
    const markup = layer.querySelectorAll('img, script').length;
    window.__painted = {{rows: ({ROWS})(layer), pager: ({PAGER})(layer), markup}};
}});
const look = () => {{
    const layer = document.getElementById('cb-first-paint');
    if (!layer && !document.querySelector('.q-table')) return;  // nothing of the list on screen yet
    if (document.readyState === 'loading') return;  // the parser is still adding the layer's rows (a streamed response)
    const rows = (layer || document).querySelectorAll('tbody tr');
    const numbers = [...rows].map(tr => (tr.cells[1] ? tr.cells[1].innerText.trim() : '')).join(',');
    if (window.__seen[window.__seen.length - 1] !== numbers) window.__seen.push(numbers);
}};
new MutationObserver(look).observe(document, {{childList: true, subtree: true}});
const frame = () => {{ look(); requestAnimationFrame(frame); }};
requestAnimationFrame(frame);
"""
VIEWS = [
    '/customers',
    '/customers?page=7&sort=-name&cols=number,name,postal_code,city,categories',
    '/customers?q=schmidt',
]


@pytest.mark.parametrize('view', VIEWS)
async def test_the_first_paint_shows_the_rows_the_live_table_shows(demo_server: str, page: Page, view: str) -> None:
    await sign_in(page, demo_server, target='/customers')
    await page.add_init_script(RECORD)
    await page.goto(demo_server + view)
    await page.locator('#cb-first-paint').wait_for(state='detached')
    await expect(page.locator('.q-table tbody tr').first).to_be_visible()
    painted = await page.evaluate('window.__painted')
    live = await page.evaluate(f'({ROWS})(document)')
    live_pager = await page.evaluate(f'({PAGER})(document)')
    assert painted['rows'] and painted['rows'] == live
    assert painted['pager'] == live_pager  # "151-175 of 500"
    numbers = ','.join(row.split(' | ')[0] for row in live)
    seen = await page.evaluate('window.__seen')
    assert seen and all(shown == numbers for shown in seen), seen  # never other rows, never an empty table
