"""Helpers for UI stories."""

from __future__ import annotations

import asyncio
import itertools
import secrets
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from nicegui.testing import User as SimulatedUser

from models import Role, Session, User
from services.access.sessions import actor_of, token_hash
from services.core.actors import SYSTEM, Actor
from services.customers.registration import create_customer
from tests.factories import spanish_draft
from ui.access.session import COOKIE
from ui.common.menu_entries import MenuEntries

_numbers = itertools.count(1)


async def sign_in(
    user: SimulatedUser, *, role: Role = Role.ADMIN, notes: bool = True, name: str = 'Ada Admin', language: str = ''
) -> Actor:
    """Give the simulated browser a signed-in account, as if it had logged in (the login flow has its own tests)."""
    account = await User.create(
        email=f'user{next(_numbers)}@team.example',
        display_name=name,
        role=role,
        can_view_notes=notes,
        language=language,
    )
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    await Session.create(
        token_hash=token_hash(token), user=account, last_seen_at=now, expires_at=now + timedelta(hours=1)
    )
    user.http_client.cookies.set(COOKIE, token)
    return actor_of(account)


async def until(check: Callable[[], Awaitable[bool]], *, timeout: float = 10.0) -> None:
    """Wait until the async `check()` holds (e.g. a value reached the database); fail after `timeout` seconds.

    Generous by default: it returns as soon as the check holds, and a loaded machine can take seconds.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await check():
        if loop.time() > deadline:
            raise AssertionError(f'check still false after {timeout} s')
        await asyncio.sleep(0.05)


async def eventually(condition: Callable[[], bool], *, timeout: float = 10.0) -> None:
    """Wait until `condition()` holds (the UI updates asynchronously); fail after `timeout` seconds.

    A condition that finds elements raises AssertionError while the page is being rebuilt: that counts as not yet.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        try:
            if condition():
                return
            problem = 'condition still false'
        except AssertionError as error:
            problem = str(error).splitlines()[0]
        if loop.time() > deadline:
            raise AssertionError(f'{problem} after {timeout} s')
        await asyncio.sleep(0.05)


async def save_the_first_customers_tax_id_on_the_second(user: SimulatedUser) -> None:
    """Two Spanish customers; an admin types C-00001's tax ID on C-00002's profile and saves (a duplicate warning
    follows)."""
    await create_customer(by=SYSTEM, draft=spanish_draft())
    await create_customer(by=SYSTEM, draft=spanish_draft(name='Otra S.L.', email='otra@example.es', tax_id=''))
    await sign_in(user)
    await user.open('/customers/C-00002')
    await user.should_see(marker='history', retries=20)
    user.find(marker='field-tax_id').type('B64717838')
    await eventually(lambda: user.find(marker='save-details').elements.pop().enabled)
    user.find(marker='save-details').click()


def main_menu_paths(user: SimulatedUser) -> list[str]:
    """The paths of the main menu's entries on the user's page (ui/common/menu_entries.py), in order."""
    (entries,) = user.find(marker='main-menu').elements
    assert isinstance(entries, MenuEntries)
    return entries.paths


def main_menu_texts(user: SimulatedUser) -> list[str]:
    """The texts of the main menu's entries on the user's page, in order."""
    (entries,) = user.find(marker='main-menu').elements
    return [entry['text'] for entry in entries.props['entries']]
