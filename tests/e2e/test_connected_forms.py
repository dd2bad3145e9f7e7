"""In a real browser: the first-admin and sign-in buttons take no click before the page's websocket is connected
(a click then had no server to reach), and work as soon as it is."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from tests.e2e.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, hold_websocket

pytestmark = pytest.mark.e2e


async def test_the_first_admin_button_waits_for_the_connection_then_creates_the_account(
    empty_server: str, page: Page
) -> None:
    release = await hold_websocket(page)
    await page.goto(empty_server + '/first-admin')
    await page.get_by_label('Your name').fill('Ada Admin')
    await page.get_by_label('Email').fill(ADMIN_EMAIL)
    await page.get_by_label('Password (at least 10 characters)').fill(ADMIN_PASSWORD)
    create = page.get_by_role('button', name='Create account and sign in')
    await expect(create).to_be_visible()
    await expect(create).to_be_disabled()

    release.set()
    await expect(create).to_be_enabled()
    await create.click()
    await page.wait_for_url(empty_server + '/')
    await expect(page.get_by_role('button', name='Ada Admin')).to_be_visible()


async def test_the_sign_in_button_waits_for_the_connection_then_signs_in(server: str, page: Page) -> None:
    release = await hold_websocket(page)
    await page.goto(server + '/login')
    await page.get_by_label('Email').fill(ADMIN_EMAIL)
    await page.get_by_label('Password').fill(ADMIN_PASSWORD)
    sign_in = page.get_by_role('button', name='Sign in')
    await expect(sign_in).to_be_visible()
    await expect(sign_in).to_be_disabled()

    release.set()
    await expect(sign_in).to_be_enabled()
    await sign_in.click()
    await page.wait_for_url(server + '/')
    await expect(page.get_by_role('button', name='Ada Admin')).to_be_visible()
