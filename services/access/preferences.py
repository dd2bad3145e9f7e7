"""A user's own preferences: the language Clientbook speaks to them."""

from __future__ import annotations

from models import User
from services.core.actors import Actor
from services.core.errors import NotFound, ValidationFailed
from services.core.i18n import LANGUAGES, _


async def set_language(code: str, *, by: Actor) -> str:
    """Save the acting user's language: a code of `LANGUAGES`, or '' to follow the browser. Returns what was saved.

    Raises ValidationFailed for any other code, NotFound when the user no longer exists.
    """
    if code and code not in LANGUAGES:
        raise ValidationFailed({'language': _('Unknown language')})
    if by.id is None or not await User.filter(id=by.id).update(language=code):
        raise NotFound(_('This account no longer exists'))
    return code
