"""The account page: own sessions for everyone, everyone's sessions for admins only."""

from collections.abc import Callable

from nicegui.testing import User

from models import Role, Session
from tests.ui.helpers import sign_in


async def test_members_see_their_own_sessions_only(user: User) -> None:
    await sign_in(user, role=Role.MEMBER, name='Mia Member')
    await user.open('/account')
    await user.should_see(marker='own-sessions', retries=20)
    await user.should_see(marker='session-current')
    await user.should_see('This is your first sign-in.')
    user.should_not_see(marker='all-sessions')


async def test_admins_see_and_end_everyones_sessions(user: User, create_user: Callable[[], User]) -> None:
    other = create_user()
    await sign_in(other, role=Role.MEMBER, name='Mia Member')
    await sign_in(user)
    await user.open('/account')
    await user.should_see(marker='all-sessions', retries=20)
    await user.should_see('Mia Member')
    mia = await Session.filter(user__display_name='Mia Member').first()
    assert mia is not None
    with user.scope(marker='all-sessions'):
        user.find(marker=f'end-session-{mia.id}').click()
    await user.should_see('Session ended', retries=20)
    assert not await Session.filter(id=mia.id).exists()
