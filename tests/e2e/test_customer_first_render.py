"""The customer list's first render: the rows come with the page (its HTML carries them as the table's data), so the
first frame that shows the table shows the rows it ends with: never an empty table, a spinner or other rows first."""

import pytest
from playwright.async_api import Page, expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

# From the start of the document: at every frame and DOM change, the customer numbers of the rows on screen, recorded
# when they differ from the last record, once the table is in the document.
RECORD = """
window.__seen = [];
const look = () => {
    if (!document.querySelector('.q-table')) return;  // nothing of the list on screen yet
    if (document.readyState === 'loading') return;  // the parser still adds the static copy's rows (first_paint.py)
    const rows = document.querySelectorAll('.q-table tbody tr');
    const numbers = [...rows].map(tr => (tr.cells[1] ? tr.cells[1].innerText.trim() : '')).join(',');
    if (window.__seen[window.__seen.length - 1] !== numbers) window.__seen.push(numbers);
};
new MutationObserver(look).observe(document, {childList: true, subtree: true, characterData: true});
const frame = () => { look(); requestAnimationFrame(frame); };
requestAnimationFrame(frame);
"""
VIEWS = [
    '/customers',
    '/customers?page=7&sort=-name&cols=number,name,postal_code,city,categories',
    '/customers?q=schmidt',
]


@pytest.mark.parametrize('view', VIEWS)
async def test_the_first_frame_with_the_table_shows_its_rows(demo_server: str, page: Page, view: str) -> None:
    await sign_in(page, demo_server, target='/customers')
    await page.add_init_script(RECORD)
    await page.goto(demo_server + view)
    rows = page.locator('.q-table tbody tr')
    await expect(rows.first).to_be_visible()
    await page.wait_for_timeout(500)  # the socket connected and anything it would change came
    numbers = ','.join(
        [text.strip() for text in await page.locator('.q-table tbody tr td:nth-child(2)').all_inner_texts()]
    )
    seen = await page.evaluate('window.__seen')
    assert numbers.count(',') >= 1, numbers  # more than one row in each view
    assert seen == [numbers], seen  # the first state on screen is the last: never empty, never other rows
