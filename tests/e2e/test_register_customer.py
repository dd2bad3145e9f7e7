"""A user registers a customer in a real browser and finds it in the list."""

import pytest
from playwright.async_api import Page, expect

from tests.e2e.conftest import pick_option, sign_in

pytestmark = pytest.mark.e2e


async def test_register_a_customer_and_see_it_in_the_list(server: str, page: Page) -> None:
    await sign_in(page, server, target='/customers')
    await page.get_by_role('button', name='New customer').click()
    await page.get_by_label('Name *').fill('Kim  Min-jun')
    await expect(page.get_by_text('Contains double spaces')).to_be_visible()
    await page.get_by_label('Name *').fill('Kim Min-jun')
    await page.get_by_label('Email *').fill('minjun.kim@example')
    await expect(page.get_by_text('needs a period')).to_be_visible()
    email = page.get_by_label('Email *')  # the error is announced (role=alert) and linked to its field
    await expect(email).to_have_attribute('aria-invalid', 'true')
    error_id = await email.get_attribute('aria-describedby')
    await expect(page.locator(f'[id="{error_id}"][role=alert]')).to_contain_text('needs a period')
    await email.fill('minjun.kim@example.kr')
    await expect(email).not_to_have_attribute('aria-invalid', 'true')
    await pick_option(page, 'Country *', 'South Ko', 'South Korea')
    await page.get_by_label('Phone *').fill('010-1234-5678')
    await page.get_by_label('Street *').fill('Sejong-daero 110')
    await page.get_by_label('Postal code *').fill('04524')
    await page.get_by_label('City *').fill('Seoul')
    await page.get_by_label('Tax ID').fill('116-82-00276')
    await page.get_by_label('Categories').fill('VIP')
    await page.keyboard.press('Enter')
    await expect(page.get_by_label('Phone *')).to_have_value('+82 10-1234-5678')  # normalised on leaving the field
    summary = page.locator('.q-card', has_text='Summary')
    await expect(summary.get_by_text('Ready to save')).to_be_visible()
    await expect(summary.get_by_text('116-82-00276')).to_be_visible()

    await page.get_by_role('button', name='Save', exact=True).click()
    await expect(page.get_by_text('Customer C-00001 saved')).to_be_visible()
    await expect(page.get_by_text('Kim Min-jun').first).to_be_visible()

    await page.get_by_text('Customers', exact=True).click()
    row = page.locator('tbody tr', has_text='C-00001')
    await expect(row).to_contain_text('Kim Min-jun')
    await expect(row).to_contain_text('+82 10-1234-5678')
    await expect(row).to_contain_text('VIP')


async def test_save_and_create_new_puts_the_cursor_in_an_empty_form(server: str, page: Page) -> None:
    await sign_in(page, server, target='/customers/new')
    await page.get_by_label('Name *').fill('Ana García')
    await page.get_by_label('Email *').fill('ana@example.es')
    await pick_option(page, 'Country *', 'Spain', 'Spain', exact=True)
    await page.get_by_label('Phone *').fill('612 34 56 78')
    await page.get_by_label('Street *').fill('Calle Mayor 12')
    await page.get_by_label('Postal code *').fill('28013')
    await page.get_by_label('City *').fill('Madrid')
    await page.get_by_role('button', name='Save and create new').click()
    await expect(page.get_by_text('Customer C-00001 saved')).to_be_visible()
    await expect(page.get_by_label('Name *')).to_be_focused()
    await expect(page.get_by_label('Name *')).to_have_value('')
    await expect(page.get_by_label('Email *')).to_have_value('')
