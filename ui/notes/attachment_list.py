"""A note's PDFs, compactly: one line each (name, size, pages, preview, download, remove) and a small 'Add PDF'."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import events, ui

from services.core.i18n import _, ngettext
from services.notes.files import store
from services.notes.notes import AttachmentView
from ui.common.accessibility import icon_button
from ui.common.format import file_size, when

PDF_ACCEPT = 'accept=.pdf,application/pdf'


def attachment_row(attachment: AttachmentView, on_remove: Callable[[int], Awaitable[None]]) -> None:
    with ui.row().classes('items-center gap-1 no-wrap text-body2').mark('attachment'):
        ui.icon('picture_as_pdf', color='red-7', size='sm')
        download_button(attachment.original_name, f'/attachments/{attachment.id}')
        pages = ngettext('{count} page', '{count} pages', attachment.pages).format(count=attachment.pages)
        meta = f'{file_size(attachment.size)} · {pages}'
        ui.label(meta).classes('text-caption text-grey-7 whitespace-nowrap').tooltip(
            f'{attachment.uploaded_by_name} · {when(attachment.created_at)}'
        )
        show = icon_button(
            'visibility', _('Preview'), lambda: preview(attachment.id, attachment.original_name, attachment.pages)
        )
        show.props('flat round dense size=sm').mark('attachment-preview')
        icon_button('close', _('Remove attachment'), lambda: on_remove(attachment.id)).props('flat round dense size=sm')


def add_pdf_button(
    marker: str, on_upload: Callable[[events.UploadEventArguments], Awaitable[None]], *, text: str = ''
) -> ui.upload:
    """A small 'Add PDF' button; the uploader behind it stays hidden (the files are checked on the server)."""
    upload = ui.upload(
        multiple=True,
        auto_upload=True,
        max_file_size=store.max_bytes,
        on_upload=on_upload,
        on_rejected=lambda: ui.notify(_('Only PDF files up to the size limit'), type='warning'),
    )
    upload.props(PDF_ACCEPT).classes('hidden').mark(marker)
    ui.button(text or _('Add PDF'), icon='attach_file', on_click=lambda: upload.run_method('pickFiles')).props(
        'flat dense no-caps size=sm'
    ).mark(f'{marker}-button')
    return upload


def preview(attachment_id: int, name: str, pages: int) -> None:
    """Pages rendered on the server as images: the browser never runs the PDF."""
    with ui.dialog().props('maximized') as dialog, ui.card().classes('w-full items-center'):
        with ui.row().classes('w-full items-center'):
            ui.label(name).classes('text-h6')
            ui.space()
            download_button(_('Download'), f'/attachments/{attachment_id}')
            icon_button('close', _('Close'), dialog.close).props('flat round')
        for page in range(min(pages, 30)):
            ui.image(f'/attachments/{attachment_id}/pages/{page}').classes('max-w-3xl w-full shadow-2')
        if pages > 30:
            ui.label(_('Showing 30 of {pages} pages; download the file for the rest.').format(pages=pages))
    dialog.open()


def download_button(text: str, url: str) -> None:
    """A download (not a link: links inside the app are routed to its pages)."""
    ui.button(text, icon='download', on_click=lambda: ui.download.from_url(url)).props('flat dense no-caps')
