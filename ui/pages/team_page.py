"""Settings -> Team (admins only): members, roles, notes access, deactivation, password resets."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

from services.access.team import (
    UserView,
    create_user,
    list_users,
    reset_password,
    set_active,
    set_notes_access,
    set_role,
)
from services.core.actors import Role
from services.core.errors import ClientbookError, ValidationFailed
from services.core.i18n import N_, Translated, _
from ui.access.session import current_actor
from ui.settings.settings_nav import settings_nav

ROLES = Translated({Role.ADMIN.value: N_('Admin'), Role.MEMBER.value: N_('Member')})


async def page() -> None:
    ui.page_title(_('Team · Clientbook'))
    settings_nav('/settings/team')
    with ui.row().classes('w-full items-center max-w-4xl'):
        ui.label(
            _(
                'Admins manage the team and the settings; members register and edit customers. '
                '"Notes access" lets someone read and write private notes and attachments.'
            )
        ).classes('text-body2 text-grey-8 flex-1')
        ui.button(_('Add member'), icon='person_add', on_click=lambda: add_member_dialog(members.refresh)).mark(
            'add-member'
        )

    @ui.refreshable
    async def members() -> None:
        me = current_actor()
        with ui.column().classes('w-full max-w-4xl gap-2'):
            for user in await list_users(by=me):
                member_row(user, is_me=user.id == me.id, changed=members.refresh)

    await members()


def member_row(user: UserView, *, is_me: bool, changed: Callable[[], Any]) -> None:
    async def act(action: Callable[[], Awaitable[Any]], done: str) -> None:
        try:
            await action()
        except ClientbookError as error:
            ui.notify(str(error), type='negative')
        else:
            ui.notify(done, type='positive')
        changed()

    with ui.card().classes('w-full').mark(f'member-{user.id}'), ui.row().classes('w-full items-center gap-4'):
        with ui.column().classes('gap-0 flex-1 min-w-48'):
            ui.label(_('{name} (you)').format(name=user.display_name) if is_me else user.display_name).classes(
                'text-weight-medium'
            )
            ui.label(user.email).classes('text-caption text-grey-8')
            if not user.has_password:
                ui.label(_('waiting for the set-up link to be used')).classes('text-caption text-orange-9')
        ui.select(
            dict(ROLES),
            value=user.role.value,
            label=_('Role'),
            on_change=lambda e: act(lambda: set_role(user.id, Role(e.value), by=current_actor()), _('Role saved')),
        ).classes('w-32').mark('role')
        ui.switch(
            _('Notes access'),
            value=user.can_view_notes,
            on_change=lambda e: act(
                lambda: set_notes_access(user.id, bool(e.value), by=current_actor()), _('Notes access saved')
            ),
        ).mark('notes-access')
        ui.switch(
            _('Active'),
            value=user.active,
            on_change=lambda e: act(
                lambda: set_active(user.id, bool(e.value), by=current_actor()),
                _('Account activated') if e.value else _('Account deactivated'),
            ),
        ).mark('active').set_enabled(not is_me)
        ui.button(_('Reset password'), on_click=lambda: reset_dialog(user, changed)).props('flat no-caps').mark(
            'reset-password'
        )


def add_member_dialog(changed: Callable[[], Any]) -> None:
    with ui.dialog() as dialog, ui.card().classes('w-96').mark('add-member-dialog'):
        ui.label(_('Add a team member')).classes('text-h6')
        name = ui.input(_('Name')).classes('w-full').mark('member-name')
        email = ui.input(_('Email')).classes('w-full').mark('member-email')
        role = ui.toggle(dict(ROLES), value=Role.MEMBER.value).mark('member-role')
        notes = ui.checkbox(_('Notes access')).mark('member-notes')
        with_password = ui.switch(_('Set an initial password (otherwise: a one-time set-up link)'))
        password = (
            ui.input(_('Initial password'), password=True, password_toggle_button=True)
            .classes('w-full')
            .bind_visibility_from(with_password, 'value')
            .props('autocomplete=new-password')
            .mark('member-password')
        )
        message = ui.label('').classes('text-negative')

        async def save() -> None:
            try:
                _user, token = await create_user(
                    email=email.value or '',
                    display_name=name.value or '',
                    role=Role(role.value),
                    can_view_notes=bool(notes.value),
                    password=(password.value or None) if with_password.value else None,
                    by=current_actor(),
                )
            except ValidationFailed as error:
                message.set_text(' '.join(error.errors.values()))
                return
            except ClientbookError as error:
                message.set_text(str(error))
                return
            dialog.close()
            changed()
            if token:
                show_setup_link(token)
            else:
                ui.notify(_('Member added'), type='positive')

        with ui.row().classes('w-full justify-end'):
            ui.button(_('Cancel'), on_click=dialog.close).props('flat')
            ui.button(_('Add'), on_click=save).mark('member-save')
    dialog.open()


def reset_dialog(user: UserView, changed: Callable[[], Any]) -> None:
    with ui.dialog() as dialog, ui.card().classes('w-96'):
        ui.label(_('Reset the password of {display_name}').format(display_name=user.display_name)).classes('text-h6')
        ui.label(_('Their sessions end now. Give them a new password, or a one-time set-up link.')).classes(
            'text-body2'
        )
        password = (
            ui.input(_('New password (leave empty for a link)'), password=True)
            .classes('w-full')
            .props('autocomplete=new-password')
        )

        async def reset() -> None:
            try:
                token = await reset_password(user.id, by=current_actor(), new_password=password.value or None)
            except ValidationFailed as error:
                ui.notify(' '.join(error.errors.values()), type='negative')
                return
            dialog.close()
            changed()
            if token:
                show_setup_link(token)
            else:
                ui.notify(_('Password changed'), type='positive')

        with ui.row().classes('w-full justify-end'):
            ui.button(_('Cancel'), on_click=dialog.close).props('flat')
            ui.button(_('Reset'), color='negative', on_click=reset)
    dialog.open()


def show_setup_link(token: str) -> None:
    link = f'{str(ui.context.client.request.base_url).rstrip("/")}/setup/{token}'
    with ui.dialog() as dialog, ui.card().classes('w-[32rem]').mark('setup-link'):
        ui.label(_('One-time set-up link')).classes('text-h6')
        ui.label(
            _('Pass this link on in person or by a channel you trust. It works once and expires in 7 days.')
        ).classes('text-body2')
        ui.input(value=link).props('readonly').classes('w-full').mark('setup-link-value')
        with ui.row().classes('w-full justify-end'):
            ui.button(_('Copy'), icon='content_copy', on_click=lambda: ui.clipboard.write(link)).props('flat')
            ui.button(_('Done'), on_click=dialog.close)
    dialog.open()
