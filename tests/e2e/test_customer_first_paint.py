"""The customer list's first paint (ui/customers/table/first_paint.py): in a browser that does not have the page's
scripts yet, the rows in the page's HTML are on screen before the scripts have loaded, they are the rows the live
table then shows, and the screen never shows other rows (or none) in between. In a browser that has the scripts, the
layer is never shown."""

import re

import pytest
from playwright.async_api import Page, Route, expect

from tests.e2e.conftest import sign_in
from tests.e2e.test_customer_first_render import VIEWS  # the same three views of the list

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
    if (document.readyState !== 'interactive') return;
    if (!layer) {{ window.__painted = {{shown: false}}; return; }}
    const root = layer.shadowRoot;  // the layer's own (declarative) shadow root: page scripts do not reach into it
    if (!root) {{ window.__painted = {{shadow: false}}; return; }}
    const markup = root.querySelectorAll('img, script').length;
    const shown = true;
    window.__painted = {{shadow: true, rows: ({ROWS})(root), pager: ({PAGER})(root), markup, shown}};
}});
const look = () => {{
    const layer = document.getElementById('cb-first-paint');
    if (layer) window.__layerShown = true;
    if (!layer && !document.querySelector('.q-table')) return;  // nothing of the list on screen yet
    if (document.readyState === 'loading') return;  // the parser is still adding the layer's rows (a streamed response)
    const rows = (layer ? layer.shadowRoot : document).querySelectorAll('tbody tr');
    const numbers = [...rows].map(tr => (tr.cells[1] ? tr.cells[1].innerText.trim() : '')).join(',');
    if (window.__seen[window.__seen.length - 1] !== numbers) window.__seen.push(numbers);
}};
new MutationObserver(look).observe(document, {{childList: true, subtree: true}});
const frame = () => {{ look(); requestAnimationFrame(frame); }};
requestAnimationFrame(frame);
"""
FORGET_SCRIPTS = "localStorage.removeItem('clientbook-scripts')"


@pytest.mark.parametrize('view', VIEWS)
async def test_the_first_paint_shows_the_rows_the_live_table_shows(demo_server: str, page: Page, view: str) -> None:
    await sign_in(page, demo_server, target='/customers')
    await page.evaluate(FORGET_SCRIPTS)  # as a browser that has not loaded this version's scripts yet
    await page.add_init_script(RECORD)
    await page.goto(demo_server + view)
    await page.locator('#cb-first-paint').wait_for(state='detached')
    await expect(page.locator('.q-table tbody tr').first).to_be_visible()
    painted = await page.evaluate('window.__painted')
    live = await page.evaluate(f'({ROWS})(document)')
    live_pager = await page.evaluate(f'({PAGER})(document)')
    assert painted['shadow'] and painted['markup'] == 0 and painted['shown']
    assert painted['rows'] and painted['rows'] == live
    assert painted['pager'] == live_pager  # "151-175 of 500"
    numbers = ','.join(row.split(' | ')[0] for row in live)
    seen = await page.evaluate('window.__seen')
    assert seen and all(shown == numbers for shown in seen), seen  # never other rows, never an empty table


# Only the first paint stays: the page's script files are not loaded, and the fallback does not remove the layer.
KEEP_LAYER = """const remove = Element.prototype.remove;
Element.prototype.remove = function () { if (this.id !== 'cb-first-paint') remove.call(this); };"""
FOCUS_IN_LAYER = """() => { const layer = document.getElementById('cb-first-paint');
    return document.activeElement === layer || layer.shadowRoot.activeElement !== null; }"""


async def test_the_keyboard_never_focuses_the_first_paint(demo_server: str, page: Page) -> None:
    await sign_in(page, demo_server, target='/customers')
    await page.set_viewport_size({'width': 900, 'height': 700})  # the table scrolls sideways in its scroller

    async def abort(route: Route) -> None:
        await route.abort()

    await page.route(re.compile(r'\.m?js($|\?)'), abort)
    await page.evaluate(FORGET_SCRIPTS)
    await page.add_init_script(KEEP_LAYER)
    await page.goto(demo_server + '/customers')
    await expect(page.locator('#cb-first-paint tbody tr').first).to_be_visible()  # pierces the shadow root
    for _ in range(4):
        await page.keyboard.press('Tab')
        assert await page.evaluate(FOCUS_IN_LAYER) is False


async def test_a_browser_with_the_scripts_never_shows_the_first_paint(demo_server: str, page: Page) -> None:
    await sign_in(page, demo_server, target='/customers')
    # Loaded and cached (Chromium's cache may still be writing the scripts of a profile's very first page: a page opened
    # at once after it can find them missing, and shows the layer as a browser without them would)
    await page.reload()
    await expect(page.locator('.q-table tbody tr').first).to_be_visible()
    await page.add_init_script(RECORD)
    await page.goto(demo_server + '/customers?page=2')
    await expect(page.locator('.q-table tbody tr').first).to_be_visible()
    await page.wait_for_timeout(300)
    assert await page.evaluate('window.__painted.shown') is False
    assert await page.evaluate('window.__layerShown === undefined')  # not in any frame
    assert await page.locator('#cb-first-paint').count() == 0  # the live table removed it


async def test_a_browser_whose_cache_lost_the_scripts_shows_the_first_paint(demo_server: str, page: Page) -> None:
    """The page has loaded in this browser before, but Quasar's script is no longer in its HTTP cache."""
    await sign_in(page, demo_server, target='/customers')
    session = await page.context.new_cdp_session(page)
    await session.send('Network.enable')
    await session.send('Network.setCacheDisabled', {'cacheDisabled': True})
    await page.add_init_script(RECORD)
    await page.goto(demo_server + '/customers')
    await expect(page.locator('.q-table tbody tr').first).to_be_visible()
    await page.locator('#cb-first-paint').wait_for(state='detached')
    assert await page.evaluate('window.__layerShown === true')
