"""The profile's Notes: add, edit, pin, delete with undo, and PDF attachments on each note."""

from __future__ import annotations

from datetime import date

from nicegui import events, ui

from services.core.errors import ClientbookError, ValidationFailed
from services.notes.attachments import add_attachment, delete_attachment
from services.notes.files import store
from services.notes.names import attachment_name
from services.notes.notes import (
    KIND_LABELS,
    NoteKind,
    NoteView,
    add_note,
    delete_note,
    list_notes,
    restore_note,
    update_note,
)
from ui.access.session import current_actor
from ui.common.format import file_size, when

KINDS = {kind.value: label for kind, label in KIND_LABELS.items()}


class NotesPanel:
    def __init__(self, customer_id: int) -> None:
        self.customer_id = customer_id
        with ui.card().classes('w-full max-w-3xl').mark('new-note'):
            ui.label('Add a note').classes('text-subtitle1 text-weight-medium')
            with ui.row().classes('w-full gap-4 items-end'):
                self.kind = ui.select(KINDS, value=NoteKind.GENERAL.value, label='Kind').classes('w-48')
                self.event_date = ui.input('Date (optional)').props('type=date stack-label').classes('w-44')
                self.pinned = ui.checkbox('Pin to the top')
            self.body = ui.textarea('Note').classes('w-full').props('autogrow').mark('note-body')
            ui.button('Add note', icon='note_add', on_click=self.add).mark('add-note')
        self.undo_bar = ui.row().classes('items-center gap-2')
        self.list = ui.column().classes('w-full max-w-3xl gap-3').mark('notes')

    async def add(self) -> None:
        try:
            await add_note(
                self.customer_id,
                kind=NoteKind(self.kind.value),
                body=self.body.value or '',
                event_date=_date(self.event_date.value),
                pinned=bool(self.pinned.value),
                by=current_actor(),
            )
        except ValidationFailed as error:
            self.body.error = ' '.join(error.errors.values())
            return
        self.body.error = None
        self.body.set_value('')
        self.event_date.set_value('')
        self.pinned.set_value(False)
        ui.notify('Note added', type='positive')
        await self.render()

    async def render(self) -> None:
        notes = await list_notes(self.customer_id, by=current_actor())
        self.list.clear()
        with self.list:
            if not notes:
                ui.label('No notes yet.').classes('text-grey-7')
            for note in notes:
                self._note_card(note)

    def _note_card(self, note: NoteView) -> None:
        with ui.card().classes('w-full').mark(f'note-{note.id}'):
            with ui.row().classes('w-full items-center gap-2'):
                if note.pinned:
                    ui.icon('push_pin', color='primary').tooltip('Pinned')
                ui.badge(KIND_LABELS[note.kind], color='blue-grey-6')
                if note.event_date:
                    ui.badge(f'Date: {note.event_date.isoformat()}', color='deep-orange-6')
                ui.space()
                author = f' by {note.author_name}' if note.author_name else ''
                ui.label(f'{when(note.created_at)}{author}').classes('text-caption text-grey-7')
                ui.button(icon='edit', on_click=lambda: self._edit(note)).props('flat round dense').tooltip('Edit')
                ui.button(icon='delete', on_click=lambda: self._delete(note)).props('flat round dense').tooltip(
                    'Delete'
                ).mark('delete-note')
            ui.label(note.body).classes('whitespace-pre-wrap')
            for attachment in note.attachments:
                with ui.row().classes('items-center gap-2 text-body2').mark('attachment'):
                    ui.icon('picture_as_pdf', color='red-7')
                    _download_button(attachment.original_name, f'/attachments/{attachment.id}')
                    meta = f'{file_size(attachment.size)} · {attachment.pages} pages · {attachment.uploaded_by_name}'
                    ui.label(f'{meta} · {when(attachment.created_at)}').classes('text-caption text-grey-7')
                    ui.button('View', on_click=lambda a=attachment: _preview(a.id, a.original_name, a.pages)).props(
                        'flat dense no-caps'
                    )
                    ui.button(icon='close', on_click=lambda a=attachment: self._remove_attachment(a.id)).props(
                        'flat round dense'
                    ).tooltip('Remove attachment')
            upload = ui.upload(
                label='Add PDF (drop here or pick)',
                multiple=True,
                auto_upload=True,
                max_file_size=store.max_bytes,
                on_upload=lambda e: self._uploaded(note.id, e),
                on_rejected=lambda: ui.notify('Only PDF files up to the size limit', type='warning'),
            )
            upload.props('accept=.pdf,application/pdf flat bordered').classes('w-full').mark(f'upload-{note.id}')

    async def _uploaded(self, note_id: int, event: events.UploadEventArguments) -> None:
        name = attachment_name(event.file.name)  # as stored: never the raw name (bidi tricks)
        try:
            if event.file.size() > store.max_bytes:
                raise ValidationFailed({'file': f'The file is larger than {store.max_bytes // (1024 * 1024)} MB'})
            await add_attachment(note_id, filename=event.file.name, data=await event.file.read(), by=current_actor())
        except ValidationFailed as error:
            ui.notify(f'{name}: {error.errors["file"]}', type='negative', multi_line=True)
            return
        ui.notify(f'{name} attached', type='positive')
        await self.render()

    async def _remove_attachment(self, attachment_id: int) -> None:
        await delete_attachment(attachment_id, by=current_actor())
        await self.render()

    async def _delete(self, note: NoteView) -> None:
        await delete_note(note.id, by=current_actor())
        self.undo_bar.clear()
        with self.undo_bar:
            ui.label('Note deleted.')
            ui.button('Undo', on_click=lambda: self._undo(note.id)).props('flat dense').mark('undo-delete')
        await self.render()

    async def _undo(self, note_id: int) -> None:
        await restore_note(note_id, by=current_actor())
        self.undo_bar.clear()
        await self.render()

    def _edit(self, note: NoteView) -> None:
        with ui.dialog() as dialog, ui.card().classes('w-[36rem]').mark('edit-note'):
            ui.label('Edit note').classes('text-h6')
            kind = ui.select(KINDS, value=note.kind.value, label='Kind').classes('w-48')
            event_date = (
                ui.input('Date (optional)', value=note.event_date.isoformat() if note.event_date else '')
                .props('type=date stack-label')
                .classes('w-44')
            )
            pinned = ui.checkbox('Pin to the top', value=note.pinned)
            body = ui.textarea('Note', value=note.body).classes('w-full').props('autogrow')

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
                ui.button('Cancel', on_click=dialog.close).props('flat')
                ui.button('Save', on_click=save)
        dialog.open()


def _preview(attachment_id: int, name: str, pages: int) -> None:
    """Pages rendered on the server as images: the browser never runs the PDF."""
    with ui.dialog().props('maximized') as dialog, ui.card().classes('w-full items-center'):
        with ui.row().classes('w-full items-center'):
            ui.label(name).classes('text-h6')
            ui.space()
            _download_button('Download', f'/attachments/{attachment_id}')
            ui.button(icon='close', on_click=dialog.close).props('flat round')
        for page in range(min(pages, 30)):
            ui.image(f'/attachments/{attachment_id}/pages/{page}').classes('max-w-3xl w-full shadow-2')
        if pages > 30:
            ui.label(f'Showing 30 of {pages} pages; download the file for the rest.')
    dialog.open()


def _download_button(text: str, url: str) -> None:
    """A download (not a link: links inside the app are routed to its pages)."""
    ui.button(text, icon='download', on_click=lambda: ui.download.from_url(url)).props('flat dense no-caps')


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or '').strip())
    except ValueError:
        return None
