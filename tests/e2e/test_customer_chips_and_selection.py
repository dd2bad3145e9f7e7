"""The category chips and the row selection boxes over the customer table, by mouse and by keyboard, in Chromium."""

import re

import pytest
from playwright.async_api import Locator, Page, expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

TRANSPARENT = 'rgba(0, 0, 0, 0)'


async def shows_ticked(box: Locator, ticked: bool = True) -> None:
    """The box shows as ticked (or mixed): its square (drawn as QCheckbox's) is filled, the tick or the dash over it."""
    if ticked:
        await expect(box).not_to_have_css('background-color', TRANSPARENT, pseudo='after')
        await expect(box).not_to_have_css('background-image', 'none', pseudo='after')
    else:
        await expect(box).to_have_css('background-color', TRANSPARENT, pseudo='after')
        await expect(box).to_have_css('background-image', 'none', pseudo='after')


async def test_a_category_chip_toggles_by_click_and_by_keyboard(demo_server: str, page: Page) -> None:
    await sign_in(page, demo_server, target='/customers')
    total = page.get_by_text(re.compile(r'^\d+ customers?( found)?$'))
    await expect(total).to_have_text('40 customers')
    group = page.get_by_role('group', name='Filter by category')
    chips = group.get_by_role('button')
    chip = chips.first
    await expect(chip).to_have_attribute('aria-pressed', 'false')
    name, count = (await chip.inner_text()).rsplit(maxsplit=1)
    outline = await chip.evaluate('chip => getComputedStyle(chip).borderColor')
    await expect(chip.get_by_text('check')).to_have_count(0)

    await chip.click()
    await expect(chip).to_have_attribute('aria-pressed', 'true')
    await expect(total).to_have_text(f'{count} customers found')
    await expect(page).to_have_url(re.compile(r'[?&]cat=\d+'))
    await expect(chip.get_by_text('check')).to_be_visible()  # the tick in front of the name
    assert await chip.evaluate('chip => getComputedStyle(chip).backgroundColor') == outline  # filled in its colour
    await expect(chip).to_contain_text(name)

    await chip.focus()
    await page.keyboard.press('Enter')
    await expect(chip).to_have_attribute('aria-pressed', 'false')
    await expect(total).to_have_text('40 customers')
    await page.keyboard.press('Space')
    await expect(chip).to_have_attribute('aria-pressed', 'true')
    await expect(total).to_have_text(f'{count} customers found')

    await page.keyboard.press('Tab')  # the next chip is the next stop, and shows the focus ring
    await expect(chips.nth(1)).to_be_focused()
    assert await chips.nth(1).evaluate('chip => getComputedStyle(chip).boxShadow') != 'none'
    await page.keyboard.press('Space')
    await expect(chips.nth(1)).to_have_attribute('aria-pressed', 'true')
    await expect(group.locator('[aria-pressed="true"]')).to_have_count(2)


async def test_row_boxes_and_the_header_box_drive_the_bulk_bar(demo_server: str, page: Page) -> None:
    await sign_in(page, demo_server, target='/customers')
    header = page.get_by_role('checkbox', name='Select all rows')
    rows = page.get_by_role('checkbox', name=re.compile(r'^Select C-\d{5} '))
    await expect(rows).to_have_count(25)
    bar = page.get_by_text(re.compile(r'^\d+ selected$'))
    await expect(bar).to_have_count(0)
    await expect(header).not_to_be_checked()

    first = page.locator('tbody tr').first
    number = (await first.locator('td').nth(1).inner_text()).strip()
    box = page.get_by_role('checkbox', name=re.compile(rf'^Select {number} '))
    await shows_ticked(box, False)
    await box.click()
    await expect(box).to_be_checked()
    await expect(bar).to_have_text('1 selected')
    await expect(page.get_by_role('button', name='Export CSV')).to_be_visible()
    await shows_ticked(box)
    await expect(header).to_be_checked(indeterminate=True)
    await expect(header).to_match_aria_snapshot('- checkbox "Select all rows" [checked=mixed]')  # screen readers
    await shows_ticked(header)

    # The keyboard: Space and Enter toggle the focused box.
    second = rows.nth(1)
    await second.focus()
    await page.keyboard.press('Space')
    await expect(second).to_be_checked()
    await expect(bar).to_have_text('2 selected')
    await page.keyboard.press('Enter')
    await expect(second).not_to_be_checked()
    await expect(bar).to_have_text('1 selected')

    # The header's box: while some rows are selected it clears them; then it selects every row of the page.
    await header.click()
    await expect(bar).to_have_count(0)
    await expect(box).not_to_be_checked()
    await expect(header).not_to_be_checked()
    await shows_ticked(header, False)
    await header.click()
    await expect(bar).to_have_text('25 selected')
    await expect(header).to_be_checked()
    await expect(rows.and_(page.locator(':checked'))).to_have_count(25)

    await page.get_by_role('button', name='Clear selection').click()
    await expect(bar).to_have_count(0)
    await expect(header).not_to_be_checked()
    await expect(rows.and_(page.locator(':checked'))).to_have_count(0)
