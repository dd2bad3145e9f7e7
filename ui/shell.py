"""The frame every page lives in: a header with the signed-in user and the left main menu."""

from __future__ import annotations

from dataclasses import dataclass

from nicegui import ui

from services.access.account import previous_sign_in
from services.access.preferences import set_language
from services.access.sessions import SessionInfo, logout
from services.core.actors import Actor
from services.core.i18n import N_, _
from ui.access import session
from ui.common.accessibility import icon_button
from ui.common.i18n import remember_choice_in_browser
from ui.common.menu_drawer import MenuDrawer
from ui.common.menu_entries import MenuEntries
from ui.common.user_menu import UserMenu
from ui.ops.backup_warning import backup_warning
from ui.pages.account_page import previous_sign_in_text

# Sessions whose first page showed the previous sign-in (in this process).
_greeted: set[str] = set()
MAX_GREETED = 100_000


@dataclass(frozen=True)
class MenuEntry:
    text: str
    icon: str
    path: str
    admin_only: bool = False


MENU = (
    MenuEntry(N_('Customers'), 'people', '/customers'),
    MenuEntry(N_('Invoices'), 'receipt_long', '/invoices'),
    MenuEntry(N_('Reports'), 'bar_chart', '/reports'),
    MenuEntry(N_('Products & Services'), 'inventory_2', '/products'),
    MenuEntry(N_('Mailbox'), 'mail', '/mailbox'),
    MenuEntry(N_('Settings'), 'settings', '/settings', admin_only=True),
)


def shell(actor: Actor) -> None:
    """Build the header and the menu drawer (ui.common.menu_drawer); the current section is highlighted as the route
    changes. The user's menu and the drawer's entries are one element each (user_menu.js, menu_entries.js)."""
    with ui.header().classes('items-center bg-primary text-white q-py-sm'):
        menu_button = icon_button('menu', _('Menu')).props('flat round dense color=white')
        ui.label('Clientbook').classes('text-h6 q-ml-sm')
        ui.space()
        backup_warning(actor)
        UserMenu(actor, on_language=_choose_language, on_sign_out=_sign_out).mark('user-menu')
    with MenuDrawer().classes('bg-grey-1 q-pa-none q-pt-sm') as drawer:
        shown = [entry for entry in MENU if actor.is_admin or not entry.admin_only]
        entries = MenuEntries([(_(e.text), e.icon, e.path) for e in shown], label=_('Main menu')).mark('main-menu')
    drawer.toggled_by(menu_button)
    router = ui.context.client.sub_pages_router
    router.on_path_changed(entries.show_active)
    entries.show_active(router.current_path)


def notice_previous_sign_in(info: SessionInfo) -> None:
    """Once per session, on its first page: when and from where the user signed in before."""
    if info.token_hash in _greeted:
        return
    if len(_greeted) > MAX_GREETED:
        _greeted.clear()
    _greeted.add(info.token_hash)

    async def show() -> None:
        previous = await previous_sign_in(info.token_hash, by=info.actor)
        if previous is not None:
            # At the bottom, with a Close button: at the top it lay over the header's menu button for 10 s.
            ui.notify(
                previous_sign_in_text(previous), type='info', position='bottom', timeout=10_000, close_button=_('Close')
            )

    ui.timer(0.1, show, once=True)


async def _choose_language(code: str) -> None:
    info = ui.context.client.storage.get('session')
    if info is None:
        session.go_to_login()
        return
    await set_language(code, by=info.actor)
    remember_choice_in_browser(code)


async def _sign_out() -> None:
    info = ui.context.client.storage.get('session')
    if info is not None:
        await logout(info.token_hash, by=info.actor)  # closes every page of this session, this one included
    else:
        session.go_to_login()
