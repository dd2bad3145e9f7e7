"""Password hashing with argon2id. Hashing is slow on purpose, so it runs in a worker thread."""

from __future__ import annotations

import asyncio

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from services.core.errors import ValidationFailed
from services.core.i18n import _

MIN_LENGTH = 10
MAX_LENGTH = 200
# argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): ~30 ms per check on a small server.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# Verified when the account does not exist, so both answers take as long.
_DUMMY_HASH = _hasher.hash('not-a-real-password')


def check_password_policy(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise ValidationFailed({'password': _('At least {count} characters').format(count=MIN_LENGTH)})
    if len(password) > MAX_LENGTH:
        raise ValidationFailed({'password': _('At most {count} characters').format(count=MAX_LENGTH)})


async def hash_password(password: str) -> str:
    check_password_policy(password)
    return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; always spends the time of one verification."""
    return await asyncio.to_thread(_verify, password_hash or _DUMMY_HASH, password, password_hash is not None)


def _verify(password_hash: str, password: str, real: bool) -> bool:
    try:
        _hasher.verify(password_hash, password[:MAX_LENGTH])
    except (VerificationError, InvalidHashError):
        return False
    return real
