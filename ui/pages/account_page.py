"""Account: the signed-in user's password and open sessions; admins also see and end everyone's sessions."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from services.access.account import SessionView, change_password, end_session, list_sessions, previous_sign_in
from services.core.errors import ClientbookError, ValidationFailed
from services.core.i18n import _
from ui.access.session import current_actor, current_session_hash
from ui.common.format import time_ago, when


async def page() -> None:
    ui.page_title(_('Account · Clientbook'))
    actor = current_actor()
    ui.label(_('Account')).classes('text-h5')
    previous = await previous_sign_in(current_session_hash(), by=actor)
    ui.label(previous_sign_in_text(previous)).classes('text-body2 text-grey-8').mark('previous-sign-in')
    lists: list[SessionList] = []

    async def refresh() -> None:
        for session_list in lists:
            await session_list.render()

    _password_card(refresh)
    lists.append(SessionList(everyone=False))
    if actor.is_admin:
        lists.append(SessionList(everyone=True))
    await refresh()


def previous_sign_in_text(previous: object) -> str:
    at, address = getattr(previous, 'at', None), getattr(previous, 'address', '')
    if at is None:
        return _('This is your first sign-in.')
    return _('Previous sign-in: {when} from {address}').format(
        when=when(at), address=address or _('an unknown address')
    )


def _password_card(changed: Callable[[], Awaitable[None]]) -> None:
    with ui.card().classes('w-full max-w-xl').mark('change-password'):
        ui.label(_('Change password')).classes('text-subtitle1 text-weight-medium')
        current = _password_input(_('Current password'), 'current-password', 'current-password')
        new = _password_input(_('New password (at least 10 characters)'), 'new-password', 'new-password')
        repeat = _password_input(_('New password again'), 'new-password', 'repeat-password')
        ui.label(_('Your other sessions end; this one stays signed in.')).classes('text-caption text-grey-7')

        async def submit() -> None:
            for field in (current, new, repeat):
                field.error = None
            if (new.value or '') != (repeat.value or ''):
                repeat.error = _('The two new passwords differ.')
                return
            try:
                ended = await change_password(
                    current_password=current.value or '',
                    new_password=new.value or '',
                    session_hash=current_session_hash(),
                    by=current_actor(),
                )
            except ValidationFailed as error:
                current.error = error.errors.get('current_password')
                new.error = error.errors.get('new_password')
                return
            for field in (current, new, repeat):
                field.set_value('')
                field.error = None
            ui.notify(_('Password changed; {count} other sessions ended.').format(count=ended), type='positive')
            await changed()

        ui.button(_('Change password'), on_click=submit).mark('change-password-submit')


def _password_input(label: str, autocomplete: str, marker: str) -> ui.input:
    field = ui.input(label, password=True, password_toggle_button=True).classes('w-full')
    field.props(f'autocomplete={autocomplete}')
    return field.mark(marker)


class SessionList:
    """The user's own sessions, or (admins) everyone's, each with an End button (not for this very session)."""

    def __init__(self, *, everyone: bool) -> None:
        self.everyone = everyone
        with ui.card().classes('w-full max-w-4xl').mark('all-sessions' if everyone else 'own-sessions'):
            title = _("Everyone's sessions") if everyone else _('Your sessions')
            ui.label(title).classes('text-subtitle1 text-weight-medium')
            self.body = ui.column().classes('w-full gap-1')

    async def render(self) -> None:
        sessions = await list_sessions(session_hash=current_session_hash(), by=current_actor(), everyone=self.everyone)
        self.body.clear()
        columns = 'auto auto auto auto auto' if self.everyone else 'auto auto auto auto'
        with self.body, ui.grid(columns=columns).classes('w-full gap-x-6 gap-y-1 items-center'):
            headers = [_('Browser'), _('Address'), _('Last active'), '']
            for text in [_('User'), *headers] if self.everyone else headers:
                ui.label(text).classes('text-caption text-grey-7')
            for item in sessions:
                self._row(item)

    def _row(self, item: SessionView) -> None:
        if self.everyone:
            ui.label(item.user_name)
        ui.label(item.browser).mark(f'session-browser-{item.id}')
        ui.label(item.address or '—')
        ui.label(time_ago(item.last_active_at)).tooltip(when(item.last_active_at))
        if item.current:
            ui.label(_('This browser')).classes('text-positive').mark('session-current')
        else:
            ui.button(_('End'), on_click=lambda item=item: self._end(item)).props('flat dense').mark(
                f'end-session-{item.id}'
            )

    async def _end(self, item: SessionView) -> None:
        try:
            await end_session(item.id, by=current_actor())
        except ClientbookError as error:
            ui.notify(str(error), type='warning')
        else:
            ui.notify(_('Session ended'), type='positive')
        await self.render()
