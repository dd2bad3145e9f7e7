"""Named domain errors; the UI maps each to one clear message."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .duplicates import DuplicateMatch


class ClientbookError(Exception):
    """Base class of every error a use case raises on purpose."""


class ValidationFailed(ClientbookError):
    """Input was rejected; `errors` maps field keys to messages."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__('; '.join(f'{key}: {message}' for key, message in self.errors.items()))


class DuplicateFound(ClientbookError):
    """A customer with the same email or tax ID exists and the user has not confirmed saving anyway."""

    def __init__(self, matches: Sequence[DuplicateMatch]) -> None:
        self.matches = list(matches)
        names = ', '.join(f'{match.number} {match.name}' for match in self.matches)
        super().__init__(f'Possible duplicate of {names}')


class NotFound(ClientbookError):
    pass


class Conflict(ClientbookError):
    pass


class PermissionDenied(ClientbookError):
    pass
