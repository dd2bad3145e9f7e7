"""In a real browser: the previous sign-in notice never lies over the header's controls, and a person can close it."""

import pytest
from playwright.async_api import Page, expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize('width', [600, 1400])
async def test_the_previous_sign_in_notice_leaves_the_header_free_and_closes(
    server: str, page: Page, second_page: Page, width: int
) -> None:
    await sign_in(second_page, server)
    await page.set_viewport_size({'width': width, 'height': 900})
    await sign_in(page, server)
    notice = page.locator('.q-notification').filter(has_text='Previous sign-in:')
    await expect(notice).to_be_in_viewport(ratio=1)  # in place, its slide-in done

    header = await page.locator('.q-header').bounding_box()
    box = await notice.bounding_box()
    assert header is not None and box is not None
    assert box['y'] >= header['y'] + header['height'], (box, header)
    menu = page.get_by_role('button', name='Menu', exact=True)
    covering = await menu.evaluate(
        """el => { const r = el.getBoundingClientRect();
                   return el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)); }"""
    )
    assert covering, 'something lies over the menu button'
    await menu.click(trial=True)  # Playwright's actionability check: nothing intercepts the click

    await notice.get_by_role('button', name='Close').click()
    await expect(notice).to_have_count(0)
