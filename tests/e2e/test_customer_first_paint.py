"""The customer list's first paint (ui/customers/table/first_paint.py): the page's HTML carries a static copy of the
page as Quasar draws it. It is on screen in the browser's first frames, warm or not, it is the live page to the pixel
(views, widths, languages), it shows the rows the live table then shows, the screen never shows other rows in between,
and the keyboard never reaches it."""

import io
import re
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from playwright.async_api import Page, Route, expect

from tests.e2e.conftest import sign_in
from tests.e2e.test_customer_first_render import VIEWS  # the same three views of the list
from tests.e2e.test_pager_digits import switch_to

pytestmark = pytest.mark.e2e

LAYER = "document.getElementById('cb-first-paint')"
ROWS = """(root) => [...root.querySelectorAll('tbody tr')].map(tr =>
    [...tr.cells].slice(1).map(td => td.innerText.replace(/\\s+/g, ' ').replace(/ ?edit$/, '').trim()).join(' | '))"""
PAGER = """(root) => root.querySelector('.q-table__bottom').innerText.match(/[0-9,]+–[0-9,]+ of [0-9,]+/)[0]"""
# When the HTML is parsed (before the app's scripts ran): the static rows and pager. In every animation frame (a frame
# paints what is in the document when its callbacks have run): whether the layer is there. At every frame and DOM change
# once the HTML is parsed: the numbers of the rows on screen (the layer's while it is there, else the live table's).
RECORD = f"""
window.__seen = [];
window.__layerFrames = 0;
window.__layerRows = [];  // the copy's number of rows in every frame that shows it
document.addEventListener('readystatechange', () => {{
    const layer = {LAYER};
    if (document.readyState !== 'interactive') return;
    window.__painted = layer ? {{rows: ({ROWS})(layer), pager: ({PAGER})(layer),
                                 markup: layer.querySelectorAll('img, script').length}} : null;
}});
const look = () => {{
    const layer = {LAYER};
    if (!layer && !document.querySelector('.q-table')) return;  // nothing of the list on screen yet
    if (document.readyState === 'loading') return;  // the parser is still adding the layer's rows
    const rows = (layer || document).querySelectorAll('tbody tr');
    const numbers = [...rows].map(tr => (tr.cells[1] ? tr.cells[1].innerText.trim() : '')).join(',');
    if (window.__seen[window.__seen.length - 1] !== numbers) window.__seen.push(numbers);
}};
new MutationObserver(look).observe(document, {{childList: true, subtree: true}});
const frame = () => {{
    const layer = {LAYER};
    if (layer) {{ window.__layerFrames += 1; window.__layerRows.push(layer.querySelectorAll('tbody tr').length); }}
    look();
    requestAnimationFrame(frame);
}};
requestAnimationFrame(frame);
"""
# Only the first paint stays: the page's script files are not loaded, and nothing removes the layer.
KEEP_LAYER = """const remove = Element.prototype.remove;
Element.prototype.remove = function () { if (this.id !== 'cb-first-paint') remove.call(this); };"""
SETTLED = 'document.fonts.ready.then(() => new Promise(done => setTimeout(done, 300)))'


@pytest.mark.parametrize('view', VIEWS)
async def test_a_warm_open_paints_the_rows_the_live_table_shows(demo_server: str, page: Page, view: str) -> None:
    await sign_in(page, demo_server, target='/customers')
    await page.reload()  # the page's scripts are in the browser's cache: the app could start before the first frame
    await page.locator('#cb-first-paint').wait_for(state='detached')
    await page.add_init_script(RECORD)
    await page.goto(demo_server + view)
    await page.locator('#cb-first-paint').wait_for(state='detached')
    await expect(page.locator('.q-table tbody tr').first).to_be_visible()
    painted = await page.evaluate('window.__painted')
    live = await page.evaluate(f'({ROWS})(document)')
    live_pager = await page.evaluate(f'({PAGER})(document)')
    assert painted is not None and painted['markup'] == 0
    assert painted['rows'] and painted['rows'] == live
    assert painted['pager'] == live_pager  # "151-175 of 500"
    assert await page.evaluate('window.__layerFrames') >= 1  # painted before the app started, scripts cached or not
    assert set(await page.evaluate('window.__layerRows')) == {len(live)}  # never a frame with part of the copy
    numbers = ','.join(row.split(' | ')[0] for row in live)
    seen = await page.evaluate('window.__seen')
    assert seen and all(shown == numbers for shown in seen), seen  # never other rows, never an empty table


async def test_a_first_open_paints_the_whole_copy_at_once(demo_server: str, page: Page) -> None:
    """An empty browser cache: the copy's rows come in the same frame as the rest of it (the parser may yield in the
    middle of the copy while the scripts load)."""
    await sign_in(page, demo_server, target='/customers')
    assert page.context.browser is not None
    fresh = await page.context.browser.new_context(viewport={'width': 1400, 'height': 1000})
    try:
        await fresh.add_cookies(await page.context.cookies())
        await fresh.add_init_script(RECORD)
        cold = await fresh.new_page()
        await cold.goto(demo_server + '/customers?page=3')
        await cold.locator('#cb-first-paint').wait_for(state='detached')
        live = await cold.evaluate(f'({ROWS})(document)')
        assert await cold.evaluate('window.__layerFrames') >= 1
        assert set(await cold.evaluate('window.__layerRows')) == {len(live)}
    finally:
        await fresh.close()


async def _screenshots(page: Page, url: str) -> tuple[Image.Image, Image.Image]:
    """The live page, settled, and in a second tab of the same browser the first paint alone (no script files)."""
    await page.goto(url)
    await page.locator('#cb-first-paint').wait_for(state='detached')
    await expect(page.locator('.q-table tbody tr').first).to_be_visible()
    await page.evaluate(SETTLED)
    live = Image.open(io.BytesIO(await page.screenshot())).convert('L')
    still = await page.context.new_page()
    try:
        await still.set_viewport_size(page.viewport_size or {'width': 1400, 'height': 1000})

        async def abort(route: Route) -> None:
            await route.abort()

        await still.route(re.compile(r'\.m?js($|\?)'), abort)
        await still.add_init_script(KEEP_LAYER)
        await still.goto(url)
        await expect(still.locator('#cb-first-paint tbody tr').first).to_be_visible()
        await still.evaluate(SETTLED)
        layer = Image.open(io.BytesIO(await still.screenshot())).convert('L')
    finally:
        await still.close()
    return layer, live


CODES = {'한국어': 'ko', 'Español': 'es'}
# (language, width, height, view)
LOOKS = [
    ('English', 1400, 1000, VIEWS[0]),
    ('English', 1400, 1000, VIEWS[1]),  # page 7, sorted by name descending, other columns
    ('English', 1400, 1000, VIEWS[2]),  # a search: its value, the clear icon, "customers found"
    ('English', 1400, 1000, '/customers?archived=1&cat=1,3&sort=city'),
    ('English', 900, 700, '/customers?page=2'),  # the drawer closed, off the screen
    ('English', 600, 900, VIEWS[0]),
    ('한국어', 1400, 1000, VIEWS[0]),
    ('Español', 1400, 1000, '/customers?sort=-created&per=50'),
]


async def test_the_first_paint_is_the_live_page_to_the_pixel(demo_server: str, page: Page, tmp_path: Path) -> None:
    await sign_in(page, demo_server, target='/customers')
    language = 'English'
    for wanted, width, height, view in LOOKS:
        if wanted != language:
            await switch_to(page, wanted)  # the page reloads in that language
            await expect(page.locator('html')).to_have_attribute('lang', re.compile('^' + CODES[wanted]))
            language = wanted
        await page.set_viewport_size({'width': width, 'height': height})
        layer, live = await _screenshots(page, demo_server + view)
        differ = ImageChops.difference(layer, live).point(lambda value: 255 if value > 40 else 0)
        if differ.getbbox() is not None:
            name = re.sub(r'\W+', '-', f'{language}-{width}-{view}')
            layer.save(tmp_path / f'{name}-layer.png')
            live.save(tmp_path / f'{name}-live.png')
        count = differ.histogram()[255]
        assert count == 0, f'{language} {width}px {view}: {count} pixels differ in {differ.getbbox()} ({tmp_path})'


FOCUS_IN_LAYER = f"""() => {LAYER}.contains(document.activeElement)"""


async def test_the_keyboard_never_focuses_the_first_paint(demo_server: str, page: Page) -> None:
    await sign_in(page, demo_server, target='/customers')
    await page.set_viewport_size({'width': 900, 'height': 700})  # the table scrolls sideways in its scroller

    async def abort(route: Route) -> None:
        await route.abort()

    await page.route(re.compile(r'\.m?js($|\?)'), abort)
    await page.add_init_script(KEEP_LAYER)
    await page.goto(demo_server + '/customers')
    await expect(page.locator('#cb-first-paint tbody tr').first).to_be_visible()
    for _ in range(4):
        await page.keyboard.press('Tab')
        assert await page.evaluate(FOCUS_IN_LAYER) is False
    # inert: a click on a copied link or button does nothing
    await page.locator('#cb-first-paint tbody a').first.click(force=True)
    await page.wait_for_timeout(300)
    assert page.url == demo_server + '/customers'


# A tab in the background: hidden, and the browser gives it no animation frames until it is shown.
NO_FRAMES = """Object.defineProperty(document, 'visibilityState', {get: () => 'hidden'});
window.requestAnimationFrame = () => 0;"""


async def test_a_list_opened_in_a_background_tab_starts_without_frames(demo_server: str, page: Page) -> None:
    await sign_in(page, demo_server, target='/customers')
    await page.add_init_script(NO_FRAMES)
    await page.goto(demo_server + '/customers?page=2')
    await page.locator('#cb-first-paint').wait_for(state='detached', timeout=5000)
    await expect(page.locator('#app .q-table tbody tr').first).to_be_visible()
    await page.locator('thead th', has_text='Name').first.click()  # the live table answers: the page is connected
    await expect(page).to_have_url(re.compile(r'sort=name'))
