"""The registration form with the keyboard alone: typing, Tab between fields, picking the country with the arrow keys,
Enter on Save; the focused control shows a visible focus ring."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

FOCUS_RING = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const field = el.closest('.q-field__control');
  return (style.outlineStyle !== 'none' && style.outlineWidth !== '0px')
    || style.boxShadow.includes('179, 92, 0')
    || (field !== null && getComputedStyle(field).boxShadow !== 'none');
}"""


async def tab_to(page: Page, name: str, limit: int = 120) -> None:
    """Press Tab until the button called `name` has the focus."""
    button = page.get_by_role('button', name=name, exact=True)
    for _ in range(limit):
        await page.keyboard.press('Tab')
        if await button.evaluate('el => el === document.activeElement || el.contains(document.activeElement)'):
            return
    seen = await page.evaluate('() => document.activeElement.outerHTML.slice(0, 200)')
    raise AssertionError(f'Tab never reached {name!r}; ended on {seen}')


async def tab_to_field(page: Page, label: str, limit: int = 20) -> None:
    """Press Tab until the field labelled `label` has the focus."""
    script = '(label) => document.activeElement.getAttribute("aria-label") === label'
    for _ in range(limit):
        await page.keyboard.press('Tab')
        if await page.evaluate(script, label):
            return
    raise AssertionError(f'Tab never reached {label!r}')


async def test_a_customer_is_registered_and_saved_with_the_keyboard_alone(server: str, page: Page) -> None:
    await sign_in(page, server, target='/customers/new')
    name = page.get_by_label('Name *')
    await expect(name).to_be_focused()  # the cursor starts in the first field
    await page.keyboard.type('Ana García')
    assert await page.evaluate(FOCUS_RING)
    for value in ('', 'ana@example.es', '612 34 56 78'):  # contact person (skipped), email, phone
        await page.keyboard.press('Tab')
        await page.keyboard.type(value)
    await page.keyboard.press('Tab')
    await page.keyboard.type('Calle Mayor 12')  # street
    await page.keyboard.press('Tab')
    await page.keyboard.type('28013')
    await page.keyboard.press('Tab')
    await page.keyboard.type('Madrid')
    await tab_to_field(page, 'Country *')  # the country: type to filter, arrow down, Enter
    option = page.get_by_role('option', name='Spain', exact=True)
    for _ in range(3):  # a busy machine may still be building the list and drop the first keys: type them again
        await page.keyboard.press('Control+A')
        await page.keyboard.type('Spain', delay=60)
        try:
            await expect(option).to_be_visible(timeout=5_000)
            break
        except AssertionError:
            await page.keyboard.press('ArrowDown')  # the menu opens on typing, or on the arrow key
    await expect(option).to_be_visible(timeout=5_000)
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await expect(page.locator('.q-card', has_text='Summary').get_by_text('Ready to save')).to_be_visible()
    await tab_to(page, 'Save')
    assert await page.evaluate(FOCUS_RING)
    await page.keyboard.press('Enter')
    await expect(page.get_by_text('Customer C-00001 saved')).to_be_visible()
