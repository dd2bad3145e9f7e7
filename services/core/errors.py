"""Named domain errors; the UI maps each to one clear message."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol


class Match(Protocol):
    """A possible duplicate as the error names it (the customers package's `DuplicateMatch`)."""

    @property
    def number(self) -> str: ...

    @property
    def name(self) -> str: ...


class ClientbookError(Exception):
    """Base class of every error a use case raises on purpose."""


class Choice(Protocol):
    """One reading of an ambiguous input (`core.values.money.Choice`): the text to type, and how it is stored."""

    @property
    def text(self) -> str: ...

    @property
    def shown(self) -> str: ...


class ValidationFailed(ClientbookError):
    """Input was rejected; `errors` maps field keys to messages, `choices` the keys of ambiguous inputs to readings."""

    def __init__(self, errors: Mapping[str, str], *, choices: Mapping[str, Sequence[Choice]] | None = None) -> None:
        self.errors = dict(errors)
        self.choices = {key: tuple(options) for key, options in (choices or {}).items()}
        super().__init__('; '.join(f'{key}: {message}' for key, message in self.errors.items()))


class DuplicateFound(ClientbookError):
    """A customer with the same email or tax ID exists and the user has not confirmed saving anyway."""

    def __init__(self, matches: Sequence[Match]) -> None:
        self.matches = list(matches)
        names = ', '.join(f'{match.number} {match.name}' for match in self.matches)
        super().__init__(f'Possible duplicate of {names}')


class NotFound(ClientbookError):
    pass


class Conflict(ClientbookError):
    """Someone else changed the record since the user read it: what it holds now, who changed it and when."""

    def __init__(
        self,
        message: str = 'Changed by someone else',
        *,
        field: str = '',
        current_value: object = None,
        current_display: str = '',
        current_version: int | None = None,
        changed_by: str = '',
        changed_at: datetime | None = None,
    ) -> None:
        self.field = field
        self.current_value = current_value
        self.current_display = current_display
        self.current_version = current_version
        self.changed_by = changed_by
        self.changed_at = changed_at
        super().__init__(message)


class PermissionDenied(ClientbookError):
    pass


class DeletionBlocked(ClientbookError):
    """Some customers have records that must be kept (e.g. invoices); `reasons` maps their numbers to what."""

    def __init__(self, reasons: Mapping[str, Sequence[str]]) -> None:
        self.reasons = {number: list(what) for number, what in reasons.items()}
        listed = '; '.join(f'{number} has {", ".join(what)}' for number, what in self.reasons.items())
        super().__init__(f'Cannot delete: {listed}')
