"""Who may see what: every route leads anonymous visitors to the login; roles and sessions are enforced."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.routing import APIRoute
from nicegui import app
from nicegui.testing import User

from models import Role, Session
from services.access.team import create_user, set_active
from services.core.actors import SYSTEM
from services.customers.registration import create_customer
from tests.factories import korean_draft
from tests.services.reports.test_income import build
from tests.ui.helpers import eventually, main_menu_paths, sign_in
from ui.access import session
from ui.access.auth_pages import safe_next
from ui.access.security import ASSET_PATHS, PUBLIC_PATHS, PUBLIC_PREFIXES
from ui.app import ROUTES

PASSWORD = 'correct horse battery'


async def an_account() -> None:
    await create_user(
        email='ada@team.example', display_name='Ada', role=Role.ADMIN, can_view_notes=True, password=PASSWORD, by=SYSTEM
    )


def http_paths() -> list[str]:
    """Every GET route of the app that is not a public page or a NiceGUI asset, with its parameters filled in."""
    paths = []
    for route in app.routes:
        if not isinstance(route, APIRoute) or route.path.startswith('/_nicegui/'):
            continue
        if route.path in PUBLIC_PATHS | ASSET_PATHS or route.path.startswith(PUBLIC_PREFIXES):
            continue
        paths.append(route.path.replace('{', '').replace('}', ''))
    return paths


async def test_anonymous_visitors_of_every_page_and_route_are_sent_to_the_login(user: User) -> None:
    await an_account()
    spa_paths = [path.replace('{number}', 'C-00001') for path in ROUTES]
    for path in [*spa_paths, *http_paths(), '/no-such-page']:
        response = await user.http_client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers['location'].startswith('/login?next='), path
    upload = await user.http_client.post('/_nicegui/client/abc/upload/1', follow_redirects=False)
    assert upload.status_code == 401


async def test_first_start_leads_to_creating_the_first_admin(user: User) -> None:
    response = await user.http_client.get('/customers', follow_redirects=False)
    assert response.headers['location'] == '/first-admin'
    await user.open('/first-admin')
    user.find(marker='admin-name').type('Ada Admin')
    user.find(marker='admin-email').type('ada@team.example')
    user.find(marker='admin-password').type(PASSWORD)
    user.find(marker='admin-submit').click()
    await user.should_see(marker='user-menu', retries=20)
    response = await user.http_client.get('/first-admin', follow_redirects=False)
    assert response.headers['location'] == '/login'


async def test_the_first_admin_page_says_the_currency_of_existing_invoices_stays(user: User) -> None:
    await user.open('/first-admin')
    await user.should_see(marker='admin-name', retries=20)
    await build()  # EUR invoices, as `main.py seed-demo` writes before anyone signs up
    await user.open('/first-admin')
    await user.should_see('Invoices in EUR exist already (demo data?): the currency stays EUR.', retries=20)


async def test_login_returns_to_the_page_the_user_wanted(user: User) -> None:
    await an_account()
    await user.open('/settings/team')  # redirected to /login?next=/settings/team
    await user.should_see(marker='login-email', retries=20)
    user.find(marker='login-email').type('ada@team.example')
    user.find(marker='login-password').type(PASSWORD)
    user.find(marker='login-submit').click()
    await user.should_see(marker='add-member', retries=20)


async def test_wrong_password_gets_a_message_that_reveals_nothing(user: User) -> None:
    await an_account()
    await user.open('/login')
    user.find(marker='login-email').type('ada@team.example')
    user.find(marker='login-password').type('wrong password')
    user.find(marker='login-submit').click()
    await user.should_see('Email or password is not correct.', retries=20)


async def test_member_sees_no_settings_and_cannot_open_them(user: User) -> None:
    await sign_in(user, role=Role.MEMBER, notes=False)
    await user.open('/customers')
    await user.should_see(marker='main-menu', retries=20)
    assert main_menu_paths(user) == ['/customers', '/invoices', '/reports', '/products', '/mailbox']
    await user.open('/settings/team')
    await user.should_see('Only admins can open this page.', retries=20)
    await user.should_not_see(marker='add-member')


async def test_member_without_notes_access_gets_no_note_field(user: User) -> None:
    await sign_in(user, role=Role.MEMBER, notes=False)
    await user.open('/customers/new')
    await user.should_see(marker='field-name', retries=20)
    await user.should_not_see(marker='field-note')


async def test_signing_out_ends_the_session(user: User) -> None:
    await sign_in(user)
    await user.open('/customers')
    user.find(marker='user-menu').trigger('sign_out')  # the menu's Sign out (user_menu.js)
    await user.should_see(marker='login-email', retries=20)
    await user.open('/customers')
    await user.should_see(marker='login-email', retries=20)


async def test_deactivation_closes_the_members_open_pages(user: User) -> None:
    member = await sign_in(user, role=Role.MEMBER)
    client = await user.open('/customers')
    assert client.storage['session'] is not None
    assert member.id is not None
    await set_active(member.id, False, by=SYSTEM)
    await eventually(lambda: client.storage['session'] is None)
    await user.should_see(marker='login-email', retries=20)


@pytest.mark.parametrize(
    ('target', 'expected'),
    [
        ('/customers?page=2', '/customers?page=2'),
        ('/settings/team', '/settings/team'),
        ('https://evil.example/', '/'),
        ('//evil.example/path', '/'),
        ('/\\evil.example', '/'),
        ('javascript:alert(1)', '/'),
        ('/login?next=/x', '/'),
        ('/ok\r\nSet-Cookie: x=1', '/'),
        ('', '/'),
    ],
)
def test_redirects_after_login_stay_inside_clientbook(target: str, expected: str) -> None:
    assert safe_next(target) == expected


async def test_profile_shows_notes_only_to_people_with_notes_access(user: User) -> None:
    await create_customer(by=SYSTEM, draft=korean_draft(note='Prefers calls after 3 pm'))
    await sign_in(user, role=Role.MEMBER, notes=False)
    await user.open('/customers/C-00001')
    await user.should_see(marker='profile-name', retries=20)
    await user.should_not_see('Prefers calls after 3 pm')
    await user.should_not_see(marker='notes')


async def test_profile_shows_notes_to_people_with_notes_access(user: User) -> None:
    await create_customer(by=SYSTEM, draft=korean_draft(note='Prefers calls after 3 pm'))
    await sign_in(user, role=Role.MEMBER, notes=True)
    await user.open('/customers/C-00001')
    await user.should_see('Prefers calls after 3 pm', retries=20)


async def test_an_open_page_whose_session_went_idle_lands_on_the_login(user: User) -> None:
    await sign_in(user)
    client = await user.open('/customers')
    await Session.all().update(last_seen_at=datetime.now(UTC) - timedelta(hours=2))  # nobody did anything since
    await session.recheck_all()  # what the app's timer runs every minute
    assert client.storage['session'] is None
    await user.should_see(marker='login-email', retries=20)


async def test_the_first_admin_form_shows_each_problem_at_its_field(user: User) -> None:
    await user.open('/first-admin')
    await user.should_see(marker='admin-submit', retries=20)
    user.find(marker='admin-submit').click()
    name, email, password = (
        user.find(marker=m).elements.pop() for m in ('admin-name', 'admin-email', 'admin-password')
    )
    await eventually(lambda: name.error == 'Name is required')
    assert (email.error, password.error) == ('Email is required', 'At least 10 characters')  # all at once
    user.find(marker='admin-name').type('Ada Admin')
    user.find(marker='admin-email').type('ada@team.example')
    user.find(marker='admin-password').type('short')
    user.find(marker='admin-submit').click()
    await eventually(lambda: name.error is None and password.error == 'At least 10 characters')
    assert email.error is None
