"""A user's own account: password change, own sessions, admins and everyone's sessions, the previous sign-in."""

from collections.abc import Iterator
from datetime import timedelta

import pytest

from models import AuditEntry, Role, Session
from services.access.account import browser_name, change_password, end_session, list_sessions, previous_sign_in
from services.access.sessions import LoginRefused, SessionPolicy, login, token_hash
from services.access.team import create_user
from services.access.throttle import login_throttle
from services.core.actors import SYSTEM, Actor
from services.core.errors import NotFound, PermissionDenied, ValidationFailed
from services.core.events import UserAccessChanged, user_access_changed

POLICY = SessionPolicy(idle=timedelta(minutes=30), lifetime=timedelta(hours=8))
PASSWORD = 'correct horse battery'
FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0'
CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36'


@pytest.fixture(autouse=True)
def fresh_throttle() -> Iterator[None]:
    login_throttle.accounts.entries.clear()
    login_throttle.addresses.entries.clear()
    yield
    login_throttle.accounts.entries.clear()
    login_throttle.addresses.entries.clear()


@pytest.fixture
def ended() -> Iterator[list[UserAccessChanged]]:
    seen: list[UserAccessChanged] = []
    user_access_changed.subscribe(seen.append)
    yield seen
    user_access_changed.unsubscribe(seen.append)


async def sign_in(email: str, address: str, agent: str = FIREFOX) -> tuple[Actor, str]:
    result = await login(email, PASSWORD, client_address=address, policy=POLICY, user_agent=agent)
    return result.actor, token_hash(result.token)


async def team() -> None:
    for email, role in (('mia@team.example', Role.MEMBER), ('ada@team.example', Role.ADMIN)):
        await create_user(email=email, display_name=email[:3].title(), role=role, can_view_notes=False,
                          password=PASSWORD, by=SYSTEM)  # fmt: skip


def test_the_browser_is_named_from_its_user_agent() -> None:
    assert browser_name(FIREFOX) == 'Firefox on Linux'
    assert browser_name(CHROME) == 'Chrome on Windows'
    assert browser_name(CHROME.replace('Safari/537.36', 'Safari/537.36 Edg/131.0')) == 'Edge on Windows'
    assert browser_name('') == 'Unknown browser'


async def test_a_password_change_needs_the_current_one_and_ends_the_other_sessions(
    db: str, ended: list[UserAccessChanged]
) -> None:
    await team()
    mia, laptop = await sign_in('mia@team.example', '10.0.0.5')
    _, phone = await sign_in('mia@team.example', '10.0.0.6', CHROME)
    _, admin = await sign_in('ada@team.example', '10.0.0.9')
    with pytest.raises(ValidationFailed) as wrong:
        await change_password(current_password='guess', new_password='a new long one', session_hash=laptop, by=mia)
    assert set(wrong.value.errors) == {'current_password'}
    with pytest.raises(ValidationFailed) as short:
        await change_password(current_password=PASSWORD, new_password='short', session_hash=laptop, by=mia)
    assert short.value.errors == {'new_password': 'At least 10 characters'}

    assert (
        await change_password(current_password=PASSWORD, new_password='a new long one', session_hash=laptop, by=mia)
        == 1
    )
    left = set(await Session.all().values_list('token_hash', flat=True))
    assert left == {laptop, admin}  # the phone's session ended, this one and other users' stay
    assert [(e.session_hash, e.ended) for e in ended] == [(phone, True)]
    with pytest.raises(LoginRefused):
        await login('mia@team.example', PASSWORD, client_address='10.0.0.5', policy=POLICY)
    await login('mia@team.example', 'a new long one', client_address='10.0.0.5', policy=POLICY)
    assert await AuditEntry.filter(action='user.password_change').count() == 1


async def test_users_see_and_end_their_own_sessions_and_admins_everyones(
    db: str, ended: list[UserAccessChanged]
) -> None:
    await team()
    mia, laptop = await sign_in('mia@team.example', '10.0.0.5')
    _, phone = await sign_in('mia@team.example', '10.0.0.6', CHROME)
    ada, admin = await sign_in('ada@team.example', '10.0.0.9')
    own = await list_sessions(session_hash=laptop, by=mia)
    assert sorted((s.browser, s.address, s.current) for s in own) == [
        ('Chrome on Windows', '10.0.0.6', False), ('Firefox on Linux', '10.0.0.5', True),
    ]  # fmt: skip
    with pytest.raises(PermissionDenied):
        await list_sessions(session_hash=laptop, by=mia, everyone=True)
    admin_session = await Session.get(token_hash=admin)
    with pytest.raises(PermissionDenied):
        await end_session(admin_session.id, by=mia)
    phone_session = next(s for s in own if not s.current)
    await end_session(phone_session.id, by=mia)
    with pytest.raises(NotFound):
        await end_session(phone_session.id, by=mia)

    everyone = await list_sessions(session_hash=admin, by=ada, everyone=True)
    assert sorted((s.user_name, s.address) for s in everyone) == [('Ada', '10.0.0.9'), ('Mia', '10.0.0.5')]
    await end_session(next(s.id for s in everyone if s.user_name == 'Mia'), by=ada)
    assert set(await Session.all().values_list('token_hash', flat=True)) == {admin}
    assert [e.session_hash for e in ended] == [phone, laptop]


async def test_the_previous_sign_in_is_the_one_before_this_session(db: str) -> None:
    await team()
    mia, first = await sign_in('mia@team.example', '10.0.0.5')
    assert await previous_sign_in(first, by=mia) is None
    mia, second = await sign_in('mia@team.example', '192.0.2.7')
    previous = await previous_sign_in(second, by=mia)
    assert previous is not None and previous.address == '10.0.0.5'
