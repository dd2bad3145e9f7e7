"""The profile's Notes: add, edit, pin, delete with undo, and PDF attachments on each note."""

from __future__ import annotations

from datetime import date

from nicegui import events, ui

from services.core.errors import ClientbookError, ValidationFailed
from services.core.i18n import _, ngettext
from services.notes.attachments import (
    MAX_FILES_PER_NOTE,
    UploadedFile,
    add_attachment,
    add_note_with_files,
    check_upload,
    delete_attachment,
)
from services.notes.files import store
from services.notes.names import attachment_name
from services.notes.notes import (
    KIND_LABELS,
    NoteKind,
    NoteView,
    delete_note,
    list_notes,
    restore_note,
    update_note,
)
from ui.access.session import current_actor
from ui.common.accessibility import icon_button
from ui.common.format import file_size, when
from ui.notes.attachment_list import add_pdf_button, attachment_row


class NotesPanel:
    def __init__(self, customer_id: int) -> None:
        self.customer_id = customer_id
        with ui.card().classes('w-full max-w-3xl').mark('new-note'):
            ui.label(_('Add a note')).classes('text-subtitle1 text-weight-medium')
            with ui.row().classes('w-full gap-4 items-end'):
                self.kind = ui.select(_kinds(), value=NoteKind.GENERAL.value, label=_('Kind')).classes('w-48')
                self.event_date = ui.input(_('Date (optional)')).props('type=date stack-label').classes('w-44')
                self.pinned = ui.checkbox(_('Pin to the top'))
            self.body = ui.textarea(_('Note')).classes('w-full').props('autogrow').mark('note-body')
            self.pending: list[tuple[UploadedFile, int]] = []  # picked files with their page counts
            self.pending_box = ui.column().classes('w-full gap-0').mark('pending-files')
            with ui.row().classes('w-full items-center gap-2'):
                ui.button(_('Add note'), icon='note_add', on_click=self.add).mark('add-note')
                self.picker = add_pdf_button('new-note-upload', self._picked, text=_('Attach PDF'))
        self.undo_bar = ui.row().classes('items-center gap-2')
        self.list = ui.column().classes('w-full max-w-3xl gap-3').mark('notes')

    async def add(self) -> None:
        try:
            await add_note_with_files(
                self.customer_id,
                kind=NoteKind(self.kind.value),
                body=self.body.value or '',
                files=[file for file, _pages in self.pending],
                event_date=_date(self.event_date.value),
                pinned=bool(self.pinned.value),
                by=current_actor(),
            )
        except ValidationFailed as error:
            self.body.error = error.errors.get('body')
            if 'file' in error.errors:
                ui.notify(error.errors['file'], type='negative', multi_line=True)
            return
        count = len(self.pending)
        self.body.error = None
        self.body.set_value('')
        self.event_date.set_value('')
        self.pinned.set_value(False)
        self.pending = []
        self._show_pending()
        message = ngettext('Note added with {count} PDF', 'Note added with {count} PDFs', count) if count else ''
        ui.notify(message.format(count=count) if count else _('Note added'), type='positive')
        await self.render()

    async def _picked(self, event: events.UploadEventArguments) -> None:
        """Check a file for the new note at once (the same checks run again when the note is added)."""
        name = attachment_name(event.file.name)  # as it will be stored and shown: never the raw name
        try:
            if event.file.size() > store.max_bytes:
                size = store.max_bytes // (1024 * 1024)
                raise ValidationFailed({'file': _('The file is larger than {size} MB').format(size=size)})
            if len(self.pending) >= MAX_FILES_PER_NOTE:
                raise ValidationFailed({'file': _('At most {count} files per note').format(count=MAX_FILES_PER_NOTE)})
            file = UploadedFile(name, await event.file.read())
            facts = await check_upload(file)
        except ValidationFailed as error:
            ui.notify(f'{name}: {error.errors["file"]}', type='negative', multi_line=True)
            return
        self.pending.append((file, facts.pages))
        self._show_pending()
        event.sender.reset()  # type: ignore[attr-defined]

    def _show_pending(self) -> None:
        self.pending_box.clear()
        with self.pending_box:
            for index, (file, pages) in enumerate(self.pending):
                with ui.row().classes('items-center gap-1 text-body2').mark('pending-file'):
                    ui.icon('picture_as_pdf', color='red-7', size='sm')
                    ui.label(attachment_name(file.name))
                    count = ngettext('{count} page', '{count} pages', pages).format(count=pages)
                    ui.label(f'{file_size(len(file.data))} · {count}').classes('text-caption text-grey-7')
                    remove = icon_button('close', _('Remove'), lambda index=index: self._unpick(index))
                    remove.props('flat round dense size=sm')

    def _unpick(self, index: int) -> None:
        del self.pending[index]
        self._show_pending()

    async def render(self) -> None:
        notes = await list_notes(self.customer_id, by=current_actor())
        self.list.clear()
        with self.list:
            if not notes:
                ui.label(_('No notes yet.')).classes('text-grey-7')
            for note in notes:
                self._note_card(note)

    def _note_card(self, note: NoteView) -> None:
        with ui.card().classes('w-full').mark(f'note-{note.id}'):
            with ui.row().classes('w-full items-center gap-2'):
                if note.pinned:
                    ui.icon('push_pin', color='primary').tooltip(_('Pinned'))
                ui.badge(KIND_LABELS[note.kind], color='blue-grey-6')
                if note.event_date:
                    ui.badge(_('Date: {date}').format(date=note.event_date.isoformat()), color='deep-orange-6')
                ui.space()
                written = when(note.created_at)
                if note.author_name:
                    written = _('{when} by {author}').format(when=written, author=note.author_name)
                ui.label(written).classes('text-caption text-grey-7')
                icon_button('edit', _('Edit'), lambda: self._edit(note)).props('flat round dense').mark('edit-note')
                icon_button('delete', _('Delete'), lambda: self._delete(note)).props('flat round dense').mark(
                    'delete-note'
                )
            ui.label(note.body).classes('whitespace-pre-wrap')
            with ui.column().classes('w-full gap-0'):
                for attachment in note.attachments:
                    attachment_row(attachment, self._remove_attachment)
                add_pdf_button(f'upload-{note.id}', lambda e: self._uploaded(note.id, e))

    async def _uploaded(self, note_id: int, event: events.UploadEventArguments) -> None:
        name = attachment_name(event.file.name)  # as stored: never the raw name (bidi tricks)
        try:
            if event.file.size() > store.max_bytes:
                size = store.max_bytes // (1024 * 1024)
                raise ValidationFailed({'file': _('The file is larger than {size} MB').format(size=size)})
            await add_attachment(note_id, filename=event.file.name, data=await event.file.read(), by=current_actor())
        except ValidationFailed as error:
            ui.notify(f'{name}: {error.errors["file"]}', type='negative', multi_line=True)
            return
        ui.notify(_('{name} attached').format(name=name), type='positive')
        await self.render()

    async def _remove_attachment(self, attachment_id: int) -> None:
        await delete_attachment(attachment_id, by=current_actor())
        await self.render()

    async def _delete(self, note: NoteView) -> None:
        await delete_note(note.id, by=current_actor())
        self.undo_bar.clear()
        with self.undo_bar:
            ui.label(_('Note deleted.'))
            ui.button(_('Undo'), on_click=lambda: self._undo(note.id)).props('flat dense').mark('undo-delete')
        await self.render()

    async def _undo(self, note_id: int) -> None:
        await restore_note(note_id, by=current_actor())
        self.undo_bar.clear()
        await self.render()

    def _edit(self, note: NoteView) -> None:
        with ui.dialog() as dialog, ui.card().classes('w-[36rem]').mark('edit-note'):
            ui.label(_('Edit note')).classes('text-h6')
            kind = ui.select(_kinds(), value=note.kind.value, label=_('Kind')).classes('w-48')
            event_date = (
                ui.input(_('Date (optional)'), value=note.event_date.isoformat() if note.event_date else '')
                .props('type=date stack-label')
                .classes('w-44')
            )
            pinned = ui.checkbox(_('Pin to the top'), value=note.pinned)
            body = ui.textarea(_('Note'), value=note.body).classes('w-full').props('autogrow')

            async def save() -> None:
                try:
                    await update_note(
                        note.id,
                        kind=NoteKind(kind.value),
                        body=body.value or '',
                        event_date=_date(event_date.value),
                        pinned=bool(pinned.value),
                        by=current_actor(),
                    )
                except ClientbookError as error:
                    body.error = ' '.join(error.errors.values()) if isinstance(error, ValidationFailed) else str(error)
                    return
                dialog.close()
                await self.render()

            with ui.row().classes('w-full justify-end'):
                ui.button(_('Cancel'), on_click=dialog.close).props('flat')
                ui.button(_('Save'), on_click=save)
        dialog.open()


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or '').strip())
    except ValueError:
        return None


def _kinds() -> dict[str, str]:
    """The note kinds for a select, in the page's language."""
    return {kind.value: label for kind, label in KIND_LABELS.items()}
