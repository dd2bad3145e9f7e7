"""Team accounts: who may manage them, set-up links, and the last admin."""

from datetime import UTC, datetime, timedelta

import pytest

from models import AuditEntry, Customer, Role, User
from services.access.sessions import SessionPolicy, actor_of, login
from services.access.team import (
    complete_setup,
    create_first_admin,
    create_user,
    list_users,
    reset_password,
    set_active,
    set_notes_access,
    set_role,
    setup_account_name,
)
from services.core.actors import SYSTEM
from services.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from services.customers.registration import create_customer
from services.notes.notes import list_notes
from tests.factories import korean_draft

POLICY = SessionPolicy(idle=timedelta(minutes=30), lifetime=timedelta(hours=8))


async def test_first_admin_can_be_created_only_once(db: str) -> None:
    admin = await create_first_admin(email='ada@team.example', display_name='Ada', password='correct horse 1')
    assert admin.is_admin and admin.can_view_notes
    with pytest.raises(Conflict):
        await create_first_admin(email='eve@team.example', display_name='Eve', password='correct horse 2')
    assert [user.email for user in await list_users(by=admin)] == ['ada@team.example']


async def test_members_cannot_manage_the_team(db: str) -> None:
    view, _ = await create_user(
        email='mia@team.example',
        display_name='Mia',
        role=Role.MEMBER,
        can_view_notes=False,
        password='correct horse 3',
        by=SYSTEM,
    )
    mia = actor_of(await User.get(id=view.id))
    with pytest.raises(PermissionDenied):
        await create_user(
            email='x@team.example', display_name='X', role=Role.ADMIN, can_view_notes=True, password=None, by=mia
        )
    with pytest.raises(PermissionDenied):
        await list_users(by=mia)
    with pytest.raises(PermissionDenied):
        await set_role(view.id, Role.ADMIN, by=mia)


async def test_setup_link_works_once_and_sets_the_password(db: str) -> None:
    view, token = await create_user(
        email='neo@team.example', display_name='Neo', role=Role.MEMBER, can_view_notes=False, password=None, by=SYSTEM
    )
    assert token and not view.has_password
    assert await setup_account_name(token) == 'Neo'
    with pytest.raises(ValidationFailed):
        await complete_setup(token, 'short')
    await complete_setup(token, 'a long enough password')
    result = await login('neo@team.example', 'a long enough password', client_address='', policy=POLICY)
    assert result.actor.name == 'Neo'
    with pytest.raises(NotFound):
        await complete_setup(token, 'another long password')


async def test_setup_link_expires(db: str) -> None:
    _, token = await create_user(
        email='old@team.example', display_name='Old', role=Role.MEMBER, can_view_notes=False, password=None, by=SYSTEM
    )
    assert token is not None
    later = datetime.now(UTC) + timedelta(days=8)
    assert await setup_account_name(token, now=later) is None
    with pytest.raises(NotFound):
        await complete_setup(token, 'a long enough password', now=later)


async def test_the_last_active_admin_stays(db: str) -> None:
    admin = await create_first_admin(email='ada@team.example', display_name='Ada', password='correct horse 1')
    assert admin.id is not None
    with pytest.raises(Conflict):
        await set_active(admin.id, False, by=admin)
    other, _ = await create_user(
        email='bob@team.example',
        display_name='Bob',
        role=Role.ADMIN,
        can_view_notes=True,
        password='correct horse 4',
        by=admin,
    )
    await set_role(other.id, Role.MEMBER, by=admin)
    with pytest.raises(Conflict, match='at least one active admin'):
        await set_role(admin.id, Role.MEMBER, by=SYSTEM)


async def test_team_changes_are_audited(db: str) -> None:
    admin = await create_first_admin(email='ada@team.example', display_name='Ada', password='correct horse 1')
    view, _ = await create_user(
        email='mia@team.example',
        display_name='Mia',
        role=Role.MEMBER,
        can_view_notes=False,
        password='correct horse 3',
        by=admin,
    )
    await set_notes_access(view.id, True, by=admin)
    await set_role(view.id, Role.ADMIN, by=admin)
    await set_active(view.id, False, by=admin)
    await reset_password(view.id, by=admin)
    actions = await AuditEntry.filter(entity='user', entity_id=view.id).order_by('id').values_list('action', flat=True)
    assert actions == ['user.create', 'user.notes_access', 'user.role', 'user.deactivate', 'user.password_reset']
    role_change = await AuditEntry.get(action='user.role')
    assert (role_change.actor_name, role_change.old_value, role_change.new_value) == ('Ada', 'member', 'admin')


async def test_member_without_notes_access_cannot_write_a_note(db: str) -> None:
    view, _ = await create_user(
        email='mia@team.example', display_name='Mia', role=Role.MEMBER, can_view_notes=False, password=None, by=SYSTEM
    )
    mia = actor_of(await User.get(id=view.id))
    with pytest.raises(PermissionDenied):
        await create_customer(by=mia, draft=korean_draft(note='Owes us a favour'))
    assert await Customer.all().count() == 0
    saved = await create_customer(by=mia, draft=korean_draft())
    assert saved.number == 'C-00001'


async def test_notes_are_readable_only_with_notes_access(db: str) -> None:
    view, _ = await create_user(
        email='mia@team.example', display_name='Mia', role=Role.MEMBER, can_view_notes=False, password=None, by=SYSTEM
    )
    mia = actor_of(await User.get(id=view.id))
    customer = await create_customer(by=SYSTEM, draft=korean_draft(note='Owes us a favour'))
    with pytest.raises(PermissionDenied):
        await list_notes(customer.id, by=mia)
    await set_notes_access(view.id, True, by=SYSTEM)
    mia = actor_of(await User.get(id=view.id))
    assert [note.body for note in await list_notes(customer.id, by=mia)] == ['Owes us a favour']


async def test_the_first_admin_hears_of_every_problem_at_once_in_the_form_s_order(db: str) -> None:
    with pytest.raises(ValidationFailed) as failure:
        await create_first_admin(email='', display_name='', password='', country='XX')
    assert list(failure.value.errors) == ['display_name', 'email', 'password', 'country']
    assert not await User.exists()
