"""A user's own account: changing the password, seeing and ending open sessions, the previous sign-in.

Every user manages their own sessions; admins see and end everyone's. A session is told apart by its browser (from
the User-Agent sent at sign-in), its address and when it was last active.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from models import AuditEntry, Session, User
from services.access.passwords import hash_password, verify_password
from services.access.throttle import login_throttle
from services.core import audit
from services.core.actors import Actor, require_admin
from services.core.errors import NotFound, PermissionDenied, ValidationFailed
from services.core.events import UserAccessChanged, user_access_changed
from services.core.i18n import _

MAX_USER_AGENT = 300
# (pattern, name), first match wins: Edge and Opera also say "Chrome", Chrome also says "Safari".
BROWSERS = (
    (r'Edg(e|A|iOS)?/', 'Edge'),
    (r'OPR/|Opera', 'Opera'),
    (r'Firefox/|FxiOS/', 'Firefox'),
    (r'Chrom(e|ium)/|CriOS/', 'Chrome'),
    (r'Safari/', 'Safari'),
)
SYSTEMS = (
    (r'iPhone|iPad', 'iOS'),
    (r'Android', 'Android'),
    (r'Windows', 'Windows'),
    (r'Mac OS X|Macintosh', 'macOS'),
    (r'CrOS', 'ChromeOS'),
    (r'Linux', 'Linux'),
)


@dataclass(frozen=True)
class SessionView:
    """An open session as the account page lists it; `current` is the session of the asking page."""

    id: int
    user_id: int
    user_name: str
    browser: str
    address: str
    signed_in_at: datetime
    last_active_at: datetime
    current: bool


@dataclass(frozen=True)
class SignIn:
    """A sign-in as the audit log recorded it: when and from which address."""

    at: datetime
    address: str


def browser_name(user_agent: str) -> str:
    """`Firefox on Linux` from a User-Agent header; `Unknown browser` when nothing is recognised."""
    browser = next((name for pattern, name in BROWSERS if re.search(pattern, user_agent)), '')
    system = next((name for pattern, name in SYSTEMS if re.search(pattern, user_agent)), '')
    if browser and system:
        return _('{browser} on {system}').format(browser=browser, system=system)
    return browser or system or _('Unknown browser')


async def change_password(*, current_password: str, new_password: str, session_hash: str, by: Actor) -> int:
    """Set the signed-in user's own password; their other sessions end. Returns how many sessions were ended.

    The current password is checked like a sign-in (throttled per account); the new one follows the same rules as
    every password (`services.access.passwords`). The session `session_hash` (the asking page's) stays open.

    Raises:
        ValidationFailed: `current_password` is wrong or throttled, or `new_password` breaks the rules (keyed so).
        PermissionDenied: `by` is not a signed-in user.
    """
    user = await _own_user(by)
    wait = login_throttle.begin(user.email, by.client_address, datetime.now().timestamp())
    if wait:
        raise ValidationFailed({'current_password': _('Too many attempts. Try again in a minute.')})
    if not await verify_password(user.password_hash or None, current_password):
        await audit.record('user.password_change_refused', by=by, entity='user', entity_id=user.id)
        raise ValidationFailed({'current_password': _('This is not your current password.')})
    login_throttle.succeeded(user.email, by.client_address)
    if new_password == current_password:
        raise ValidationFailed({'new_password': _('Choose a password different from the current one.')})
    try:
        user.password_hash = await hash_password(new_password)
    except ValidationFailed as error:
        raise ValidationFailed({'new_password': ' '.join(error.errors.values())}) from None
    await user.save(update_fields=['password_hash'])
    ended = await _end_other_sessions(user.id, session_hash)
    await audit.record(
        'user.password_change', by=by, entity='user', entity_id=user.id, detail=f'{len(ended)} other sessions ended'
    )
    for hashed in ended:
        user_access_changed.publish(UserAccessChanged(user_id=user.id, session_hash=hashed, ended=True))
    return len(ended)


async def list_sessions(*, session_hash: str, by: Actor, everyone: bool = False) -> list[SessionView]:
    """Open sessions, most recently active first: the user's own, or (admins, `everyone`) all users'.

    Raises:
        PermissionDenied: `everyone` for someone who is not an admin.
    """
    if everyone:
        require_admin(by)
        query = Session.all()
    else:
        query = Session.filter(user_id=(await _own_user(by)).id)
    rows = await query.select_related('user').order_by('-last_seen_at', '-id')
    return [
        SessionView(
            id=row.id,
            user_id=row.user.id,
            user_name=row.user.display_name,
            browser=browser_name(row.user_agent),
            address=row.client_address,
            signed_in_at=row.created_at,
            last_active_at=row.last_seen_at,
            current=row.token_hash == session_hash,
        )
        for row in rows
    ]


async def end_session(session_id: int, *, by: Actor) -> None:
    """End one session: one's own, or (admins) anyone's. Its open pages go to the sign-in page.

    Raises:
        NotFound: no such session (already ended or expired).
        PermissionDenied: someone else's session and `by` is not an admin.
    """
    row = await Session.filter(id=session_id).first()
    if row is None:
        raise NotFound(_('This session has already ended'))
    if row.user_id != by.id:
        require_admin(by)
    if not await Session.filter(id=session_id).delete():
        raise NotFound(_('This session has already ended'))
    await audit.record('session.end', by=by, entity='user', entity_id=row.user_id)
    user_access_changed.publish(UserAccessChanged(user_id=row.user_id, session_hash=row.token_hash, ended=True))


async def previous_sign_in(session_hash: str, *, by: Actor) -> SignIn | None:
    """The sign-in before the one that opened this session (when and from where), from the audit log."""
    row = await Session.filter(token_hash=session_hash).first()
    if row is None or by.id is None:
        return None
    entry = (
        await AuditEntry.filter(action='login.success', entity='user', entity_id=by.id, at__lt=row.created_at)
        .order_by('-at', '-id')
        .first()
    )
    return SignIn(entry.at, entry.client_address) if entry else None


async def _own_user(by: Actor) -> User:
    user = await User.filter(id=by.id).first() if by.id is not None else None
    if user is None or not user.active:
        raise PermissionDenied(_('Please sign in'))
    return user


async def _end_other_sessions(user_id: int, keep: str) -> list[str]:
    """End the user's sessions except `keep`; returns the ended sessions' token hashes."""
    others = Session.filter(user_id=user_id).exclude(token_hash=keep)
    hashes = [str(hashed) for hashed in await others.values_list('token_hash', flat=True)]
    if hashes:
        await Session.filter(token_hash__in=hashes).delete()
    return hashes
