"""Security checks that need a real server and a real browser."""

import asyncio

import pytest
import socketio
from playwright.async_api import Page, expect

from tests.e2e.conftest import pick_option, sign_in

pytestmark = pytest.mark.e2e

PAYLOADS = {
    'Name *': '<img src=x onerror=alert(1)>',
    'Contact person': '<script>alert(2)</script>',
    'Street *': '{{ 7*7 }}',
    'City *': "{{ constructor.constructor('alert(3)')() }}",
    'Note': 'javascript:alert(4)',
}
# The static first paint of the customer list as parsed, before any of the page's scripts ran.
FIRST_PAINT = """document.addEventListener('readystatechange', () => {
    const layer = document.getElementById('cb-first-paint');
    if (document.readyState === 'interactive' && layer) {
        window.__painted = {text: layer.innerText, markup: layer.querySelectorAll('img, script').length};
    }
});"""


async def test_sign_in_sets_an_httponly_cookie_and_returns_to_the_wanted_page(server: str, page: Page) -> None:
    await page.goto(server + '/settings/team')
    await expect(page).to_have_url(server + '/login?next=/settings/team')
    await page.get_by_label('Email').fill('admin@team.example')
    await page.get_by_label('Password').fill('wrong password')
    await page.get_by_label('Password').press('Enter')
    await expect(page.get_by_text('Email or password is not correct.')).to_be_visible()
    await sign_in(page, server, target='/settings/team')
    await expect(page.get_by_role('button', name='Add member')).to_be_visible()
    cookies = {cookie['name']: cookie for cookie in await page.context.cookies()}
    session = cookies['clientbook_session']
    assert session['httpOnly'] and session['sameSite'] == 'Lax'
    assert await page.evaluate('document.cookie.includes("clientbook_session")') is False

    await page.get_by_role('button', name='Ada Admin').click()
    await page.get_by_text('Sign out').click()
    await expect(page).to_have_url(server + '/login?next=/settings/team')
    old = {'name': session['name'], 'value': session['value'], 'url': server}
    await page.context.add_cookies([old])  # the old cookie is worthless now
    await page.goto(server + '/customers')
    await expect(page.get_by_label('Password')).to_be_visible()


async def test_customer_fields_with_markup_are_shown_as_text_everywhere(server: str, page: Page) -> None:
    await sign_in(page, server, target='/customers/new')
    for label, payload in PAYLOADS.items():
        await page.get_by_label(label).fill(payload)
    await page.get_by_label('Email *').fill('xss@example.com')
    await page.get_by_label('Phone *').fill('+49 30 12345678')
    await page.get_by_label('Postal code *').fill('10115')
    await pick_option(page, 'Country *', 'Germany', 'Germany')
    summary = page.locator('.q-card', has_text='Summary')
    for payload in PAYLOADS.values():
        await expect(summary.get_by_text(payload, exact=True)).to_be_visible()
    await page.get_by_role('button', name='Save', exact=True).click()
    await expect(page.get_by_text('Customer C-00001 saved')).to_be_visible()
    await expect(page.get_by_text(PAYLOADS['Name *']).first).to_be_visible()  # the profile heading
    await expect(page.get_by_text(PAYLOADS['Street *'], exact=True)).to_be_visible()  # {{ 7*7 }} not evaluated
    await page.get_by_text('Customers', exact=True).click()
    row = page.locator('tbody tr', has_text='C-00001')
    await expect(row).to_contain_text(PAYLOADS['Name *'])
    await expect(row).to_contain_text(PAYLOADS['City *'])
    assert await page.locator('tbody img').count() == 0
    await asyncio.sleep(0.5)  # give a late onerror/alert a chance to fire; the page fixture fails on any dialog

    # The first response's static copy of the page (painted before the app starts) shows the markup as text too.
    await page.add_init_script(FIRST_PAINT)
    await page.reload()
    await page.locator('#cb-first-paint').wait_for(state='detached')
    painted = await page.evaluate('window.__painted')
    assert PAYLOADS['Name *'] in painted['text'] and PAYLOADS['City *'] in painted['text']
    assert painted['markup'] == 0
    await asyncio.sleep(0.5)


async def test_websocket_from_another_origin_is_refused(server: str) -> None:
    async def connect(origin: str) -> bool:
        client = socketio.AsyncClient(reconnection=False)
        try:
            await client.connect(
                server,
                socketio_path='/_nicegui_ws/socket.io',
                headers={'Origin': origin},
                transports=['websocket'],
                wait_timeout=5,
            )
        except socketio.exceptions.ConnectionError:
            return False
        await client.disconnect()
        return True

    assert await connect(server) is True
    assert await connect('http://evil.example') is False
