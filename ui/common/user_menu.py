"""The header's user button with its menu (user_menu.js): one element for the button and all of its items."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui.element import Element
from nicegui.events import GenericEventArguments

from services.core.actors import Actor
from services.core.i18n import LANGUAGES, _
from ui.common.static_markup import button, own_look


class UserMenu(Element, component='user_menu.js'):
    def __init__(
        self,
        actor: Actor,
        *,
        on_language: Callable[[str], Awaitable[Any]],
        on_sign_out: Callable[[], Awaitable[Any]],
    ) -> None:
        """`on_language` gets a code of services.core.i18n.LANGUAGES, or '' for "the browser's language"; the browser's
        other values are ignored."""
        super().__init__()
        self._props['name'] = actor.name
        self._props['current'] = actor.language
        self._props['languages'] = (
            {'code': '', 'name': _('Browser language')},
            *({'code': code, 'name': name} for code, name in LANGUAGES.items()),
        )
        self._props['texts'] = {
            'role': _('Admin') if actor.is_admin else _('Member'),
            'account': _('Account'),
            'language': _('Language'),
            'signOut': _('Sign out'),
        }

        async def language(event: GenericEventArguments) -> None:
            if event.args == '' or event.args in LANGUAGES:
                await on_language(event.args)

        async def sign_out(_event: GenericEventArguments) -> None:
            await on_sign_out()

        self.on('language', language)
        self.on('sign_out', sign_out)

    def static_html(self) -> str:
        """The button as Quasar draws it (ui/common/static_markup.py; the menu is not open)."""
        own_look(self)
        props = {
            'flat': True,
            'no-caps': True,
            'color': 'white',
            'icon': 'account_circle',
            'label': self._props['name'],
        }
        return button(props)
