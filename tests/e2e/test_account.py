"""In real browsers: a user changes their own password; their other browser is signed out, the new password works."""

import pytest
from playwright.async_api import Page, expect

from tests.e2e.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, sign_in

pytestmark = pytest.mark.e2e

NEW_PASSWORD = 'a brand new passphrase'


async def test_a_password_change_ends_the_other_session_and_the_new_password_signs_in(
    server: str, page: Page, second_page: Page
) -> None:
    await sign_in(second_page, server, target='/customers')
    await sign_in(page, server, target='/customers')
    await expect(page.get_by_text('Previous sign-in:')).to_be_visible()  # the other browser signed in before

    await page.get_by_role('button', name='Ada Admin').click()
    await page.get_by_text('Account', exact=True).click()
    await expect(page).to_have_url(server + '/account')
    sessions = page.locator('.q-card').filter(has_text='Your sessions')
    await expect(sessions.get_by_text('This browser')).to_be_visible()
    await expect(sessions.get_by_role('button', name='End')).to_have_count(1)  # the second browser

    await page.get_by_label('Current password').fill('not my password')
    await page.get_by_label('New password (at least 10 characters)').fill(NEW_PASSWORD)
    await page.get_by_label('New password again').fill(NEW_PASSWORD)
    await page.get_by_role('button', name='Change password').click()
    await expect(page.get_by_text('This is not your current password.')).to_be_visible()

    await page.get_by_label('Current password').fill(ADMIN_PASSWORD)
    await page.get_by_role('button', name='Change password').click()
    await expect(page.get_by_text('Password changed; 1 other sessions ended.')).to_be_visible()
    await expect(second_page).to_have_url(f'{server}/login?next=/customers')  # sent to the login without a reload
    await expect(sessions.get_by_role('button', name='End')).to_have_count(0)

    await second_page.get_by_label('Email').fill(ADMIN_EMAIL)
    await second_page.get_by_label('Password').fill(ADMIN_PASSWORD)
    await second_page.get_by_role('button', name='Sign in').click()
    await expect(second_page.get_by_text('Email or password is not correct.')).to_be_visible()
    await sign_in(second_page, server, target='/customers', password=NEW_PASSWORD)
