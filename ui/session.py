"""Who is using this browser tab. Until team accounts exist, everyone acts as one local team admin."""

from __future__ import annotations

from services.actors import Actor, Role

LOCAL_TEAM = Actor(id=None, name='Team', role=Role.ADMIN, can_view_notes=True)


def current_actor() -> Actor:
    return LOCAL_TEAM


def require_session() -> Actor:
    """The guard of every custom HTTP route (`ui.routes`): with team accounts it will check the session cookie."""
    return LOCAL_TEAM
