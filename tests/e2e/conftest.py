"""End-to-end fixtures: the real app in a subprocess on loopback, driven by a real headless Chromium."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from playwright.async_api import Browser, Locator, Page, WebSocketRoute, async_playwright, expect

from tests.mail_server import MailServer

ROOT = Path(__file__).resolve().parents[2]
ADMIN_EMAIL = 'admin@team.example'
ADMIN_PASSWORD = 'correct horse battery'
CHROMIUM_ARGS = [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """`python main.py` on a free loopback port with its own (empty) data dir; yields the base URL."""
    yield from _serve(tmp_path)


@pytest.fixture
def empty_server(tmp_path: Path) -> Iterator[str]:
    """Like `server`, with no account at all: a fresh Clientbook that asks for its first admin."""
    yield from _serve(tmp_path, with_admin=False)


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[str]:
    """Like `server`, with 40 demo customers (C-00001 ... C-00040, always the same ones)."""
    yield from serve_demo(tmp_path, customers=40)


def serve_demo(tmp_path: Path, *, customers: int) -> Iterator[str]:
    """Seed `customers` demo customers (C-00001 ..., always the same ones), then serve them; yields the base URL."""
    subprocess.run(
        [sys.executable, str(ROOT / 'main.py'), 'seed-demo', '--customers', str(customers), '--seed', '4'],
        cwd=tmp_path,
        env=_environment(tmp_path, free_port()),
        check=True,
        capture_output=True,
    )
    yield from _serve(tmp_path)


@pytest.fixture
def smtp_server() -> Iterator[MailServer]:
    """A real SMTP server (aiosmtpd) on loopback that keeps what it receives."""
    with MailServer() as mail:
        yield mail


@pytest.fixture
def server_with_smtp(tmp_path: Path, smtp_server: MailServer) -> Iterator[str]:
    """The app sending through the test's SMTP server instead of its development mailbox."""
    yield from _serve(
        tmp_path,
        {
            'CLIENTBOOK_SMTP_HOST': '127.0.0.1',
            'CLIENTBOOK_SMTP_PORT': str(smtp_server.port),
            'CLIENTBOOK_SMTP_STARTTLS': 'false',
        },
    )


def _environment(tmp_path: Path, port: int) -> dict[str, str]:
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(('CLIENTBOOK_', 'PYTEST_', 'NICEGUI_'))
    }
    env.update(CLIENTBOOK_DATA_DIR=str(tmp_path / 'data'), CLIENTBOOK_HOST='127.0.0.1', CLIENTBOOK_PORT=str(port))
    return env


def _serve(tmp_path: Path, extra_env: dict[str, str] | None = None, *, with_admin: bool = True) -> Iterator[str]:
    port = free_port()
    env = _environment(tmp_path, port) | (extra_env or {})
    if with_admin:
        _create_admin(tmp_path, env)
    yield from _launch(tmp_path, env, port)


def _create_admin(tmp_path: Path, env: dict[str, str]) -> None:
    subprocess.run(  # the documented way to create the first admin from the shell; the password comes on stdin
        [
            sys.executable,
            str(ROOT / 'main.py'),
            'create-user',
            '--email',
            ADMIN_EMAIL,
            '--name',
            'Ada Admin',
            '--role',
            'admin',
        ],
        input=ADMIN_PASSWORD + '\n',
        text=True,
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )


def _launch(tmp_path: Path, env: dict[str, str], port: int) -> Iterator[str]:
    log = (tmp_path / 'server.log').open('w')
    process = subprocess.Popen(
        [sys.executable, str(ROOT / 'main.py')], cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    base = f'http://127.0.0.1:{port}'
    try:
        _wait_until_serving(base, process, tmp_path / 'server.log')
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def _wait_until_serving(base: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f'server exited early:\n{log.read_text()}')
        try:
            with urllib.request.urlopen(base + '/customers', timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f'server did not start within {timeout} s:\n{log.read_text()}')


def chromium_path() -> str:
    path = os.environ.get('CLIENTBOOK_CHROMIUM') or shutil.which('chromium') or shutil.which('chromium-browser')
    if not path:
        pytest.fail('Chromium is not installed (apt-get install chromium); the end-to-end tests need it')
    return path


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        await browser.close()


@pytest.fixture
async def page(browser: Browser) -> AsyncIterator[Page]:
    async with _tab(browser) as page:
        yield page


@pytest.fixture
async def second_page(browser: Browser) -> AsyncIterator[Page]:
    """A second browser context: another person at another computer."""
    async with _tab(browser) as page:
        yield page


@asynccontextmanager
async def _tab(browser: Browser) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport={'width': 1400, 'height': 1000})
    page = await context.new_page()
    dialogs: list[str] = []
    page.on('dialog', lambda dialog: dialogs.append(dialog.message))
    yield page
    await context.close()
    assert dialogs == [], f'unexpected browser dialogs: {dialogs}'


async def sign_in(
    page: Page, server: str, *, target: str = '/customers', email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD
) -> None:
    """Sign in through the login page, as a person would."""
    await page.goto(server + target)
    await page.get_by_label('Email').fill(email)
    await page.get_by_label('Password').fill(password)
    await page.get_by_role('button', name='Sign in').click()
    await page.wait_for_url(server + target)
    # The customer list's static first paint (ui/customers/table/first_paint.py) is gone once the live table is there.
    await page.locator('#cb-first-paint').wait_for(state='detached')


async def choose_option(page: Page, label: str, option: str, *, exact: bool = False) -> None:
    """Open the select labelled ``label`` and click the option named ``option``.

    A click that lands while the page is redrawing after the previous action (a search box's debounce, a table
    reload) can leave the menu closed; a person would click again, and so does this (up to four times)."""
    await _click_when_listed(
        page, page.get_by_role('option', name=option, exact=exact).first, page.get_by_label(label).click
    )


async def pick_option(page: Page, label: str, typed: str, option: str, *, exact: bool = False) -> None:
    """Open the filterable select labelled ``label``, type ``typed`` and click the option named ``option``.

    A busy machine may still be wiring the select up when the first keys arrive and drop them, leaving the list
    unfiltered (and the option out of the rendered part of it); a person would then type again, and so does this.
    """
    field = page.get_by_label(label)

    async def type_filter() -> None:
        await field.click()
        await page.keyboard.press('Control+A')
        await page.keyboard.type(typed, delay=40)

    await _click_when_listed(page, page.get_by_role('option', name=option, exact=exact).first, type_filter)


async def _click_when_listed(page: Page, choice: Locator, open_menu: Callable[[], Awaitable[None]]) -> None:
    """`open_menu`, until `choice` is visible (Escape and again, up to four times), then click `choice`."""
    for _ in range(4):
        await open_menu()
        try:
            await expect(choice).to_be_visible(timeout=5_000)
            break
        except AssertionError:
            await page.keyboard.press('Escape')
    await choice.click()


async def hold_websocket(page: Page) -> asyncio.Event:
    """Keep the page's websocket from reaching the server until the returned event is set (a slow connection)."""
    release = asyncio.Event()

    async def connect_later(socket: WebSocketRoute) -> None:
        await release.wait()
        socket.connect_to_server()

    await page.route_web_socket(re.compile(r'/_nicegui_ws/'), connect_later)
    return release


class HeldEvents:
    """The page's websocket with the browser's events (clicks, values) held back while `holding`: a slow link or a
    busy server. `release()` sends what was held, in order."""

    def __init__(self) -> None:
        self.holding = False
        self.held: list[str | bytes] = []
        self.server: WebSocketRoute | None = None

    async def holding_count(self, count: int, timeout: float = 5) -> None:
        """Wait until `count` events are held (they reach the test's route a moment after the click)."""
        deadline = time.monotonic() + timeout
        while len(self.held) < count and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        assert len(self.held) == count, f'{len(self.held)} events held, not {count}: {self.held}'

    def release(self) -> None:
        self.holding = False
        assert self.server is not None, 'the page has no websocket'
        for message in self.held:
            self.server.send(message)
        self.held.clear()


async def hold_events(page: Page) -> HeldEvents:
    """Route the page's websocket (open the page after this) so that its events can be held back."""
    events = HeldEvents()

    def route(socket: WebSocketRoute) -> None:
        server = socket.connect_to_server()
        events.server = server

        def to_server(message: str | bytes) -> None:
            if events.holding and isinstance(message, str) and message.startswith('42["event"'):  # socket.io event
                events.held.append(message)
            else:
                server.send(message)

        socket.on_message(to_server)
        server.on_message(socket.send)

    await page.route_web_socket(re.compile(r'/_nicegui_ws/'), route)
    return events
