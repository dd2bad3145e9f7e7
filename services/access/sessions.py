"""Logging in and out: server-side sessions with a fresh random token per login, stored only as a hash."""

from __future__ import annotations

import hashlib
import math
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from models import Session, User
from services.access.passwords import verify_password
from services.access.throttle import login_throttle
from services.core import audit
from services.core.actors import Actor
from services.core.errors import ClientbookError
from services.core.events import UserAccessChanged, user_access_changed

TOKEN_BYTES = 32
TICKET_SECONDS = 30.0
TOUCH_EVERY = timedelta(seconds=60)
WRONG_CREDENTIALS = 'Email or password is not correct.'


class LoginRefused(ClientbookError):
    """The message never tells whether the account exists."""


@dataclass(frozen=True)
class SessionPolicy:
    idle: timedelta
    lifetime: timedelta


@dataclass(frozen=True)
class SessionInfo:
    actor: Actor
    token_hash: str
    expires_at: datetime


@dataclass(frozen=True)
class LoginResult:
    token: str
    actor: Actor


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def actor_of(user: User, client_address: str = '') -> Actor:
    return Actor(user.id, user.display_name, user.role, user.can_view_notes, client_address, user.language)


def email_key(email: str) -> str:
    return email.strip().lower()


async def login(
    email: str,
    password: str,
    *,
    client_address: str,
    policy: SessionPolicy,
    now: datetime | None = None,
    user_agent: str = '',
) -> LoginResult:
    """Check the password (throttled per account and address) and open a new session.

    `user_agent` (the browser's header, cut to 300 characters) lets the user tell their sessions apart later.

    Raises:
        LoginRefused: wrong email or password, inactive account, or too many attempts.
    """
    now = now or datetime.now(UTC)
    key = email_key(email)
    wait = login_throttle.begin(key, client_address, now.timestamp())
    if wait:
        await _record_failure(key, client_address, 'throttled')
        raise LoginRefused(f'Too many attempts. Try again in {math.ceil(wait)} seconds.')
    user = await User.filter(email=key).first()
    usable = user is not None and user.active and bool(user.password_hash)
    if not await verify_password(user.password_hash if usable and user else None, password) or user is None:
        await _record_failure(key, client_address, 'wrong credentials' if usable else 'unknown or inactive account')
        raise LoginRefused(WRONG_CREDENTIALS)
    login_throttle.succeeded(key, client_address)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    await Session.create(
        token_hash=token_hash(token),
        user=user,
        last_seen_at=now,
        expires_at=now + policy.lifetime,
        client_address=client_address,
        user_agent=user_agent[:300],
    )
    actor = actor_of(user, client_address)
    await audit.record('login.success', by=actor, entity='user', entity_id=user.id)
    return LoginResult(token, actor)


async def _record_failure(key: str, client_address: str, reason: str) -> None:
    await audit.record('login.failure', by=None, who=key, client_address=client_address, entity='user', detail=reason)


async def resolve(token: str | None, *, policy: SessionPolicy, now: datetime | None = None) -> SessionInfo | None:
    """The live session for a cookie token, or None when it is unknown, expired, idle too long or its user inactive."""
    if not token:
        return None
    now = now or datetime.now(UTC)
    session = await Session.filter(token_hash=token_hash(token)).select_related('user').first()
    if session is None:
        return None
    if not session.user.active or now >= session.expires_at or now >= session.last_seen_at + policy.idle:
        await session.delete()
        return None
    if now - session.last_seen_at >= TOUCH_EVERY:
        await Session.filter(id=session.id).update(last_seen_at=now)
    return SessionInfo(actor_of(session.user, session.client_address), session.token_hash, session.expires_at)


async def still_valid(hashed: str, *, policy: SessionPolicy, active: bool, now: datetime | None = None) -> bool:
    """For open pages: is this session still alive? `active`: the user did something since the last check."""
    now = now or datetime.now(UTC)
    session = await Session.filter(token_hash=hashed).select_related('user').first()
    if session is None or not session.user.active or now >= session.expires_at:
        return False
    if now >= session.last_seen_at + policy.idle:
        await session.delete()
        return False
    if active and now - session.last_seen_at >= TOUCH_EVERY:
        await Session.filter(id=session.id).update(last_seen_at=now)
    return True


async def logout(hashed: str, *, by: Actor) -> None:
    deleted = await Session.filter(token_hash=hashed).delete()
    if deleted:
        await audit.record('logout', by=by, entity='user', entity_id=by.id)
        user_access_changed.publish(UserAccessChanged(user_id=by.id, session_hash=hashed, ended=True))


# One-time tickets carry a new session from the login page (a websocket event) to an HTTP response that can set
# the HttpOnly cookie. They live for seconds, in memory, and are stored hashed.
_tickets: dict[str, tuple[str, float]] = {}


def issue_ticket(token: str) -> str:
    now = time.monotonic()
    for key in [key for key, (_, expires) in _tickets.items() if expires < now]:
        del _tickets[key]
    ticket = secrets.token_urlsafe(TOKEN_BYTES)
    _tickets[token_hash(ticket)] = (token, now + TICKET_SECONDS)
    return ticket


def redeem_ticket(ticket: str) -> str | None:
    entry = _tickets.pop(token_hash(ticket), None)
    if entry is None or entry[1] < time.monotonic():
        return None
    return entry[0]
