"""Who is asking: every use case takes the acting user and checks permissions itself."""

from __future__ import annotations

from dataclasses import dataclass

from models import Role
from services.core.i18n import _

__all__ = ['SYSTEM', 'Actor', 'Role', 'require_admin', 'require_notes_access']

from services.core.errors import PermissionDenied


@dataclass(frozen=True)
class Actor:
    """The acting user as the services see it (never an ORM object)."""

    id: int | None
    name: str
    role: Role
    can_view_notes: bool
    client_address: str = ''
    language: str = ''  # the user's chosen language; '' follows the browser

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


# Command-line tasks (seed-demo, migrations) act as the system itself.
SYSTEM = Actor(id=None, name='Clientbook', role=Role.ADMIN, can_view_notes=True)


def require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise PermissionDenied(_('Only an admin may do this'))


def require_notes_access(actor: Actor) -> None:
    if not actor.can_view_notes:
        raise PermissionDenied(_('You have no access to notes'))
