"""Password hashing with argon2id. Hashing is slow on purpose, so it runs in a worker thread."""

from __future__ import annotations

import asyncio
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from services.core.errors import ValidationFailed
from services.core.i18n import _

MIN_LENGTH = 10
MAX_LENGTH = 200
# argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): ~30 ms per check on a small server.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


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
    return await asyncio.to_thread(_verify, password_hash, password)


def _verify(password_hash: str | None, password: str) -> bool:
    dummy = _dummy_hash()  # computed by the first check of either kind, so that one is as slow for both answers
    try:
        _hasher.verify(password_hash or dummy, password[:MAX_LENGTH])
    except (VerificationError, InvalidHashError):
        return False
    return password_hash is not None


@cache
def _dummy_hash() -> str:
    """Verified when the account does not exist, so both answers take as long (hashed on first use, in the worker
    thread of the first check: ~25 ms that `import` would otherwise spend at start-up)."""
    return _hasher.hash('not-a-real-password')
