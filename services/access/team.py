"""Team accounts: the first admin, members, roles, notes access, deactivation and password resets."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from pydantic import BaseModel
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from models import Counter, Role, Session, User
from services.access.passwords import check_password_policy, hash_password
from services.access.sessions import actor_of, email_key, token_hash
from services.core import audit
from services.core.actors import SYSTEM, Actor, require_admin
from services.core.company import apply_country_defaults
from services.core.db import open_database
from services.core.errors import Conflict, NotFound, ValidationFailed
from services.core.events import UserAccessChanged, user_access_changed
from services.core.i18n import _
from services.core.settings import AppSettings
from services.core.values.countries import is_country
from services.core.values.validation import check_email, check_name

SETUP_LINK_LIFETIME = timedelta(days=7)
FIRST_ADMIN_FIELDS = ('display_name', 'email', 'password', 'country')  # the first-admin form, top to bottom


class UserView(BaseModel):
    id: int
    email: str
    display_name: str
    role: Role
    can_view_notes: bool
    active: bool
    has_password: bool
    created_at: datetime


async def has_users() -> bool:
    return await User.exists()


async def create_first_admin(
    *, email: str, display_name: str, password: str, client_address: str = '', country: str = ''
) -> Actor:
    """Create the very first account, an admin with notes access. Refused once any account exists.

    `country` (ISO 3166 alpha-2, the business's) sets the company's default country, currency, language and time
    zone (`services.core.company.country_defaults`); '' leaves them as they are. ValidationFailed for an unknown one.
    """
    errors: dict[str, str] = {}
    for check in (lambda: _checked(email, display_name), lambda: check_password_policy(password)):
        try:
            check()
        except ValidationFailed as error:
            errors |= error.errors
    if country and not is_country(country.strip().upper()):
        errors['country'] = _('Choose the country of your business')
    if errors:  # every problem at once, in the form's order
        raise ValidationFailed({key: errors[key] for key in FIRST_ADMIN_FIELDS if key in errors})
    values = _checked(email, display_name)
    password_hash = await hash_password(password)
    async with in_transaction() as conn:
        await Counter.bulk_create([Counter(name='first-admin', value=0)], ignore_conflicts=True, using_db=conn)
        claimed = await Counter.filter(name='first-admin', value=0).using_db(conn).update(value=F('value') + 1)
        if not claimed or await User.exists(using_db=conn):
            raise Conflict(_('The first admin account exists already'))
        user = await User.create(
            **values, password_hash=password_hash, role=Role.ADMIN, can_view_notes=True, using_db=conn
        )
        actor = actor_of(user, client_address)
        await audit.record('user.create', by=actor, entity='user', entity_id=user.id, detail='first admin', conn=conn)
        if country:
            defaults = await apply_country_defaults(country, conn)
            await audit.record(
                'settings.change', by=actor, entity='company', entity_id=1, field='country', new=defaults.country,
                detail=f'{defaults.currency}, {defaults.language}, {defaults.time_zone}', conn=conn,
            )  # fmt: skip
    return actor


async def create_user(
    *, email: str, display_name: str, role: Role, can_view_notes: bool, password: str | None, by: Actor
) -> tuple[UserView, str | None]:
    """Add a member. Without a password, returns a one-time setup token for a link the admin passes on."""
    require_admin(by)
    values = _checked(email, display_name)
    if await User.filter(email=values['email']).exists():
        raise ValidationFailed({'email': _('There is already an account with this email')})
    password_hash = await hash_password(password) if password else ''
    token = None if password else secrets.token_urlsafe(32)
    async with in_transaction() as conn:
        user = await User.create(
            **values,
            role=role,
            can_view_notes=can_view_notes,
            password_hash=password_hash,
            setup_token_hash=token_hash(token) if token else None,
            setup_token_expires_at=datetime.now(UTC) + SETUP_LINK_LIFETIME if token else None,
            using_db=conn,
        )
        await audit.record(
            'user.create', by=by, entity='user', entity_id=user.id, new=f'{user.email} ({role})', conn=conn
        )
    return _view(user), token


async def list_users(*, by: Actor) -> list[UserView]:
    require_admin(by)
    return [_view(user) for user in await User.all().order_by('display_name')]


async def set_role(user_id: int, role: Role, *, by: Actor) -> UserView:
    require_admin(by)
    user = await _user(user_id)
    if user.role == role:
        return _view(user)
    if user.role == Role.ADMIN:
        await _keep_an_admin(user)
    old = user.role
    user.role = role
    await user.save(update_fields=['role'])
    await audit.record('user.role', by=by, entity='user', entity_id=user.id, field='role', old=old, new=role)
    user_access_changed.publish(UserAccessChanged(user_id=user.id))
    return _view(user)


async def set_notes_access(user_id: int, allowed: bool, *, by: Actor) -> UserView:
    require_admin(by)
    user = await _user(user_id)
    if user.can_view_notes != allowed:
        user.can_view_notes = allowed
        await user.save(update_fields=['can_view_notes'])
        await audit.record(
            'user.notes_access',
            by=by,
            entity='user',
            entity_id=user.id,
            field='can_view_notes',
            old=not allowed,
            new=allowed,
        )
        user_access_changed.publish(UserAccessChanged(user_id=user.id))
    return _view(user)


async def set_active(user_id: int, active: bool, *, by: Actor) -> UserView:
    """Deactivation ends every session of the user at once; their open pages close."""
    require_admin(by)
    user = await _user(user_id)
    if not active and user.id == by.id:
        raise Conflict(_('You cannot deactivate your own account'))
    if not active and user.role == Role.ADMIN:
        await _keep_an_admin(user)
    if user.active != active:
        user.active = active
        await user.save(update_fields=['active'])
        await audit.record('user.activate' if active else 'user.deactivate', by=by, entity='user', entity_id=user.id)
    if not active:
        await Session.filter(user_id=user.id).delete()
        user_access_changed.publish(UserAccessChanged(user_id=user.id, ended=True))
    return _view(user)


async def reset_password(user_id: int, *, by: Actor, new_password: str | None = None) -> str | None:
    """Set a new password, or (without one) issue a new setup link token. Ends the user's sessions."""
    require_admin(by)
    user = await _user(user_id)
    if new_password:
        user.password_hash = await hash_password(new_password)
        user.setup_token_hash, user.setup_token_expires_at, token = None, None, None
    else:
        token = secrets.token_urlsafe(32)
        user.password_hash = ''
        user.setup_token_hash = token_hash(token)
        user.setup_token_expires_at = datetime.now(UTC) + SETUP_LINK_LIFETIME
    await user.save(update_fields=['password_hash', 'setup_token_hash', 'setup_token_expires_at'])
    await Session.filter(user_id=user.id).delete()
    await audit.record(
        'user.password_reset',
        by=by,
        entity='user',
        entity_id=user.id,
        detail='new password' if new_password else 'setup link',
    )
    user_access_changed.publish(UserAccessChanged(user_id=user.id, ended=True))
    return token


async def setup_account_name(token: str, *, now: datetime | None = None) -> str | None:
    """The display name of the account a setup link belongs to, or None when the link is unknown or expired."""
    user = await _setup_user(token, now or datetime.now(UTC))
    return user.display_name if user else None


async def complete_setup(token: str, password: str, *, now: datetime | None = None) -> None:
    user = await _setup_user(token, now or datetime.now(UTC))
    if user is None:
        raise NotFound(_('This setup link is unknown or has expired'))
    user.password_hash = await hash_password(password)
    user.setup_token_hash = None
    user.setup_token_expires_at = None
    await user.save(update_fields=['password_hash', 'setup_token_hash', 'setup_token_expires_at'])
    await audit.record('user.setup', by=actor_of(user), entity='user', entity_id=user.id)


async def _setup_user(token: str, now: datetime) -> User | None:
    user = await User.filter(setup_token_hash=token_hash(token), active=True).first()
    if user is None or user.setup_token_expires_at is None or user.setup_token_expires_at <= now:
        return None
    return user


async def _user(user_id: int) -> User:
    user = await User.filter(id=user_id).first()
    if user is None:
        raise NotFound(_('No user {user_id}').format(user_id=user_id))
    return user


async def _keep_an_admin(user: User) -> None:
    if not await User.filter(role=Role.ADMIN, active=True).exclude(id=user.id).exists():
        raise Conflict(_('Clientbook needs at least one active admin'))


def _checked(email: str, display_name: str) -> dict[str, str]:
    errors = {}
    email_check = check_email(email)
    name_check = check_name(display_name, max_length=100)
    if email_check.blocks_saving or not email_check.value:
        errors['email'] = email_check.message or _('Email is required')
    if name_check.blocks_saving or not name_check.value:
        errors['display_name'] = name_check.message or _('Name is required')
    if errors:
        raise ValidationFailed(errors)
    return {'email': email_key(str(email_check.value)), 'display_name': str(name_check.value)}


def _view(user: User) -> UserView:
    return UserView(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        role=user.role,
        can_view_notes=user.can_view_notes,
        active=user.active,
        has_password=bool(user.password_hash),
        created_at=user.created_at,
    )


async def create_user_command(
    settings: AppSettings, *, email: str, display_name: str, role: str, can_view_notes: bool, password: str
) -> None:
    """`python main.py create-user`: the shell acts as the system itself (it has the machine, so it has the data)."""
    async with open_database(settings):
        await create_user(
            email=email,
            display_name=display_name,
            role=Role(role),
            can_view_notes=can_view_notes,
            password=password,
            by=SYSTEM,
        )
