"""Languages in a real browser: the sign-in page follows Accept-Language and offers a switcher; a signed-in user
picks a language in the profile menu and the page, Quasar's own texts (table pager) included, speaks it at once."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, Locator, Page, expect

from services.core.i18n import _, language
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e


def user_menu(page: Page) -> Locator:
    return page.locator('.q-header button', has=page.locator('i:text-is("account_circle")'))


async def test_the_sign_in_page_follows_the_browser_and_offers_a_switcher(browser: Browser, server: str) -> None:
    context = await browser.new_context(locale='ko-KR')
    try:
        page = await context.new_page()
        await page.goto(server + '/login')
        await expect(page.get_by_role('button', name='로그인', exact=True)).to_be_visible()
        await expect(page.locator('html')).to_have_attribute('lang', 'ko-KR')
        await page.get_by_role('button', name='Español').click()
        await expect(page.get_by_role('button', name='Iniciar sesión', exact=True)).to_be_visible()
        await expect(page.get_by_label('Contraseña')).to_be_visible()
        await expect(page.locator('html')).to_have_attribute('lang', 'es')
    finally:
        await context.close()


async def test_a_user_switches_to_korean_and_back_without_signing_out(page: Page, server: str) -> None:
    await sign_in(page, server, target='/settings/audit')  # the sign-in is logged: the table has a row and a pager
    # Every table's pager speaks our texts (ui.common.pager), not Quasar's "Records per page:" / "1-1 of 1".
    await expect(page.get_by_text('Entries per page')).to_be_visible()
    await expect(page.get_by_text('Records per page:')).to_have_count(0)
    await expect(page.locator('.q-table__bottom').get_by_text(re.compile(r'^1–\d+ of \d+$'))).to_be_visible()
    await user_menu(page).click()
    await page.locator('.q-menu').get_by_text('한국어').click()
    with language('ko'):
        per_page = _('Entries per page')
    await expect(page.get_by_text(per_page)).to_be_visible()
    await expect(page.get_by_role('columnheader', name='사용자')).to_be_visible()  # our catalog: "Who"
    await expect(page.locator('html')).to_have_attribute('lang', 'ko-KR')
    await page.goto(server + '/customers')  # the choice is saved with the user, not only with the page
    await expect(page.get_by_role('button', name='새 고객')).to_be_visible()
    await expect(page.get_by_text('아직 고객이 없습니다')).to_be_visible()  # the empty list's welcome, in Korean
    await user_menu(page).click()
    await page.locator('.q-menu').get_by_text('Español').click()
    await expect(page.get_by_role('button', name='Cliente nuevo')).to_be_visible()
