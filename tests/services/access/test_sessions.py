"""Signing in and out: fresh tokens, expiry, throttling, and messages that reveal nothing."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from models import AuditEntry, Role, Session
from services.access.sessions import LoginRefused, SessionPolicy, login, logout, resolve, still_valid, token_hash
from services.access.team import create_user, set_active
from services.access.throttle import login_throttle
from services.core.actors import SYSTEM

POLICY = SessionPolicy(idle=timedelta(minutes=30), lifetime=timedelta(hours=8))
PASSWORD = 'correct horse battery'
T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fresh_throttle() -> Iterator[None]:
    login_throttle.accounts.entries.clear()
    login_throttle.addresses.entries.clear()
    yield
    login_throttle.accounts.entries.clear()
    login_throttle.addresses.entries.clear()


async def member(email: str = 'mia@team.example') -> int:
    view, _ = await create_user(
        email=email, display_name='Mia', role=Role.MEMBER, can_view_notes=False, password=PASSWORD, by=SYSTEM
    )
    return view.id


async def test_each_login_issues_a_new_token_stored_only_as_hash(db: str) -> None:
    await member()
    first = await login('Mia@Team.example', PASSWORD, client_address='10.0.0.5', policy=POLICY, now=T0)
    second = await login('mia@team.example', PASSWORD, client_address='10.0.0.5', policy=POLICY, now=T0)
    assert first.token != second.token
    assert len(first.token) >= 40
    stored = await Session.all().values_list('token_hash', flat=True)
    assert sorted(stored) == sorted([token_hash(first.token), token_hash(second.token)])
    assert first.token not in stored
    assert await AuditEntry.filter(action='login.success').count() == 2


async def test_wrong_password_and_unknown_account_get_the_same_message(db: str) -> None:
    await member()
    with pytest.raises(LoginRefused) as wrong:
        await login('mia@team.example', 'not the password', client_address='10.0.0.5', policy=POLICY, now=T0)
    with pytest.raises(LoginRefused) as unknown:
        await login('nobody@team.example', PASSWORD, client_address='10.0.0.5', policy=POLICY, now=T0)
    assert str(wrong.value) == str(unknown.value) == 'Email or password is not correct.'
    failures = await AuditEntry.filter(action='login.failure').order_by('id').values_list('actor_name', flat=True)
    assert failures == ['mia@team.example', 'nobody@team.example']


async def test_account_is_locked_after_repeated_failures_and_recovers_after_the_delay(db: str) -> None:
    await member()
    for address in ('10.0.0.5', '10.0.0.5', '10.0.0.5', '10.0.0.6', '10.0.0.6'):
        with pytest.raises(LoginRefused, match='not correct'):
            await login('mia@team.example', 'guess', client_address=address, policy=POLICY, now=T0)
    with pytest.raises(LoginRefused, match='Try again in 30 seconds'):  # even the right password
        await login('mia@team.example', PASSWORD, client_address='10.0.0.7', policy=POLICY, now=T0)
    with pytest.raises(LoginRefused, match='Try again in 10 seconds'):
        await login(
            'mia@team.example', PASSWORD, client_address='10.0.0.7', policy=POLICY, now=T0 + timedelta(seconds=20)
        )
    result = await login(
        'mia@team.example', PASSWORD, client_address='10.0.0.7', policy=POLICY, now=T0 + timedelta(seconds=30)
    )
    assert result.actor.name == 'Mia'


async def test_lock_delays_grow(db: str) -> None:
    await member()
    now = T0
    for _ in range(5):
        with pytest.raises(LoginRefused, match='not correct'):
            await login('mia@team.example', 'guess', client_address='10.0.0.5', policy=POLICY, now=now)
    now += timedelta(seconds=30)
    with pytest.raises(LoginRefused, match='not correct'):
        await login('mia@team.example', 'guess', client_address='10.0.0.5', policy=POLICY, now=now)
    with pytest.raises(LoginRefused, match='Try again in 60 seconds'):
        await login('mia@team.example', PASSWORD, client_address='10.0.0.5', policy=POLICY, now=now)


async def test_one_address_trying_many_accounts_is_throttled(db: str) -> None:
    for i in range(20):
        with pytest.raises(LoginRefused, match='not correct'):
            await login(f'user{i}@team.example', 'guess', client_address='10.0.0.9', policy=POLICY, now=T0)
    with pytest.raises(LoginRefused, match='Too many attempts'):
        await login('user99@team.example', 'guess', client_address='10.0.0.9', policy=POLICY, now=T0)


async def test_session_expires_when_idle_and_after_its_lifetime(db: str) -> None:
    await member()
    result = await login('mia@team.example', PASSWORD, client_address='', policy=POLICY, now=T0)
    assert await resolve(result.token, policy=POLICY, now=T0 + timedelta(minutes=29)) is not None
    assert await resolve(result.token, policy=POLICY, now=T0 + timedelta(minutes=58)) is not None  # seen at 0:29
    assert await resolve(result.token, policy=POLICY, now=T0 + timedelta(minutes=89)) is None
    again = await login('mia@team.example', PASSWORD, client_address='', policy=POLICY, now=T0)
    hashed = token_hash(again.token)
    for minutes in range(20, 8 * 60, 20):  # an open page whose user keeps working
        assert await still_valid(hashed, policy=POLICY, active=True, now=T0 + timedelta(minutes=minutes))
    assert not await still_valid(hashed, policy=POLICY, active=True, now=T0 + timedelta(hours=8))


async def test_an_open_page_without_activity_does_not_keep_the_session_alive(db: str) -> None:
    await member()
    result = await login('mia@team.example', PASSWORD, client_address='', policy=POLICY, now=T0)
    hashed = token_hash(result.token)
    assert await still_valid(hashed, policy=POLICY, active=False, now=T0 + timedelta(minutes=20))
    assert not await still_valid(hashed, policy=POLICY, active=False, now=T0 + timedelta(minutes=31))


async def test_logout_and_deactivation_end_sessions(db: str) -> None:
    user_id = await member()
    first = await login('mia@team.example', PASSWORD, client_address='', policy=POLICY)
    second = await login('mia@team.example', PASSWORD, client_address='', policy=POLICY)
    await logout(token_hash(first.token), by=first.actor)
    assert await resolve(first.token, policy=POLICY) is None
    assert await resolve(second.token, policy=POLICY) is not None
    await set_active(user_id, False, by=SYSTEM)
    assert await resolve(second.token, policy=POLICY) is None
    with pytest.raises(LoginRefused, match='not correct'):
        await login('mia@team.example', PASSWORD, client_address='', policy=POLICY)
