"""Settings -> Custom fields (admins only): define, order and (de)activate extra customer fields."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

from services.core.errors import ClientbookError, ValidationFailed
from services.core.i18n import _
from services.customers.custom_fields import (
    KIND_LABELS,
    CustomFieldKind,
    FieldDefinition,
    list_definitions,
    move_definition,
    save_definition,
)
from ui.access.session import current_actor
from ui.common.accessibility import icon_button
from ui.settings.settings_nav import settings_nav


async def page() -> None:
    ui.page_title(_('Custom fields · Clientbook'))
    settings_nav('/settings/fields')
    with ui.row().classes('w-full max-w-3xl items-center'):
        ui.label(
            _(
                'Extra fields appear in the registration form under "Additional details", in its summary and on '
                'the profile. Deactivating a field hides it and keeps the stored values.'
            )
        ).classes('text-body2 text-grey-8 flex-1')
        ui.button(_('Add field'), icon='add', on_click=lambda: edit_dialog(None, fields.refresh)).mark('add-field')

    @ui.refreshable
    async def fields() -> None:
        definitions = await list_definitions(include_inactive=True)
        with ui.column().classes('w-full max-w-3xl gap-2'):
            if not definitions:
                ui.label(_('No custom fields yet.')).classes('text-grey-7')
            for index, definition in enumerate(definitions):
                with (
                    ui.card().classes('w-full').mark(f'field-definition-{definition.key}'),
                    ui.row().classes('w-full items-center gap-3'),
                ):
                    with ui.column().classes('gap-0 flex-1'):
                        required = _(' · required') if definition.required else ''
                        ui.label(definition.label).classes('text-weight-medium')
                        ui.label(f'{KIND_LABELS[definition.kind]}{required}').classes('text-caption text-grey-8')
                        if definition.options:
                            ui.label(', '.join(definition.options)).classes('text-caption text-grey-7')
                    ui.switch(
                        _('Active'),
                        value=definition.active,
                        on_change=lambda e, d=definition: save(d.model_copy(update={'active': bool(e.value)})),
                    )
                    icon_button('arrow_upward', _('Move up'), lambda d=definition: move(d, -1)).props(
                        'flat round dense'
                    ).set_enabled(index > 0)
                    icon_button('arrow_downward', _('Move down'), lambda d=definition: move(d, 1)).props(
                        'flat round dense'
                    ).set_enabled(index < len(definitions) - 1)
                    icon_button('edit', _('Edit'), lambda d=definition: edit_dialog(d, fields.refresh)).props(
                        'flat round dense'
                    )

    async def save(definition: FieldDefinition) -> None:
        try:
            await save_definition(definition, by=current_actor())
        except ClientbookError as error:
            ui.notify(str(error), type='negative')
        fields.refresh()

    async def move(definition: FieldDefinition, offset: int) -> None:
        await move_definition(definition.id or 0, offset, by=current_actor())
        fields.refresh()

    await fields()


def edit_dialog(definition: FieldDefinition | None, refresh: Callable[[], None]) -> None:
    with ui.dialog() as dialog, ui.card().classes('w-[28rem]').mark('field-dialog'):
        ui.label(_('Add a custom field') if definition is None else _('Edit custom field')).classes('text-h6')
        label = ui.input(_('Label'), value=definition.label if definition else '').classes('w-full').mark('field-label')
        kind = (
            ui.select(
                {kind.value: label for kind, label in KIND_LABELS.items()},
                label=_('Type'),
                value=(definition.kind if definition else CustomFieldKind.TEXT).value,
            )
            .classes('w-full')
            .mark('field-kind')
        )
        options = (
            ui.input_chips(_('Options (press Enter after each)'), value=definition.options if definition else [])
            .classes('w-full')
            .mark('field-options')
        )
        options.bind_visibility_from(kind, 'value', backward=lambda value: value == CustomFieldKind.CHOICE.value)
        required = ui.checkbox(_('Required'), value=definition.required if definition else False).mark('field-required')
        message = ui.label('').classes('text-negative')

        async def save() -> None:
            candidate = FieldDefinition(
                id=definition.id if definition else None,
                key=definition.key if definition else '',
                label=label.value or '',
                kind=CustomFieldKind(kind.value),
                options=list(options.value or []),
                required=bool(required.value),
                active=definition.active if definition else True,
            )
            try:
                await save_definition(candidate, by=current_actor())
            except ValidationFailed as error:
                message.set_text(' '.join(error.errors.values()))
                return
            except ClientbookError as error:
                message.set_text(str(error))
                return
            dialog.close()
            refresh()

        with ui.row().classes('w-full justify-end'):
            ui.button(_('Cancel'), on_click=dialog.close).props('flat')
            ui.button(_('Save'), on_click=save).mark('field-save')
    dialog.open()
