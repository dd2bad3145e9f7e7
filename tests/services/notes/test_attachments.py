"""PDF attachments: only real, harmless PDFs are stored, under random names, for people with notes access."""

import pytest

from models import Attachment, NoteKind, Role
from services.core.actors import SYSTEM, Actor
from services.core.errors import PermissionDenied, ValidationFailed
from services.customers.registration import create_customer
from services.notes import files
from services.notes.attachments import add_attachment, open_attachment, render_page
from services.notes.notes import add_note, list_notes
from tests.factories import korean_draft
from tests.pdfs import pdf_with_embedded_file, pdf_with_javascript, pdf_with_launch_action, plain_pdf, png_bytes

MEMBER = Actor(id=None, name='Mia', role=Role.MEMBER, can_view_notes=False)


async def a_note() -> int:
    customer = await create_customer(by=SYSTEM, draft=korean_draft())
    note = await add_note(customer.id, kind=NoteKind.AGREEMENT, body='Contract 2027', by=SYSTEM)
    return note.id


async def test_a_real_pdf_is_stored_and_comes_back_byte_identical(db: str) -> None:
    data = plain_pdf(pages=2)
    view = await add_attachment(await a_note(), filename='contract.pdf', data=data, by=SYSTEM)
    assert (view.original_name, view.size, view.pages) == ('contract.pdf', len(data), 2)
    file = await open_attachment(view.id, by=SYSTEM)
    assert file.path.read_bytes() == data
    assert file.path.parent == files.store.root
    assert (await render_page(view.id, 0, by=SYSTEM)).startswith(b'\x89PNG')


@pytest.mark.parametrize(
    ('data', 'message'),
    [
        (png_bytes(), 'This is not a PDF file'),
        (b'%PDF-1.7\n this is not really a pdf', 'damaged or incomplete'),
        (pdf_with_javascript(), 'contains JavaScript'),
        (pdf_with_embedded_file(), 'contains embedded files'),
        (pdf_with_launch_action(), 'contains a launch action'),
    ],
)
async def test_files_that_are_not_harmless_pdfs_are_refused_with_a_clear_message(
    db: str, data: bytes, message: str
) -> None:
    note_id = await a_note()
    with pytest.raises(ValidationFailed) as refused:
        await add_attachment(note_id, filename='contract.pdf', data=data, by=SYSTEM)
    assert message in refused.value.errors['file']
    assert await Attachment.all().count() == 0
    assert not files.store.root.exists() or list(files.store.root.iterdir()) == []


async def test_a_file_over_the_limit_is_refused(db: str) -> None:
    note_id = await a_note()
    too_big = plain_pdf() + b'\n%' + b'x' * files.store.max_bytes
    with pytest.raises(ValidationFailed, match='larger than 20 MB'):
        await add_attachment(note_id, filename='big.pdf', data=too_big, by=SYSTEM)


async def test_uploaded_names_never_become_paths(db: str) -> None:
    view = await add_attachment(await a_note(), filename='../../x.pdf', data=plain_pdf(), by=SYSTEM)
    stored = await Attachment.get(id=view.id)
    assert view.original_name == 'x.pdf'
    assert stored.stored_name.isalnum() and len(stored.stored_name) == 32
    assert [path.name for path in files.store.root.iterdir()] == [stored.stored_name]
    assert len(stored.sha256) == 64


async def test_without_notes_access_nothing_about_notes_or_files_is_reachable(db: str) -> None:
    note_id = await a_note()
    view = await add_attachment(note_id, filename='contract.pdf', data=plain_pdf(), by=SYSTEM)
    customer_id = (await Attachment.get(id=view.id).prefetch_related('note')).note.customer_id
    with pytest.raises(PermissionDenied):
        await list_notes(customer_id, by=MEMBER)
    with pytest.raises(PermissionDenied):
        await open_attachment(view.id, by=MEMBER)
    with pytest.raises(PermissionDenied):
        await render_page(view.id, 0, by=MEMBER)
    with pytest.raises(PermissionDenied):
        await add_attachment(note_id, filename='more.pdf', data=plain_pdf(), by=MEMBER)


@pytest.mark.parametrize(
    ('uploaded', 'stored'),
    [
        ('statement.html', 'statement.pdf'),
        ('invoice\u202efdp.exe', 'invoicefdp.pdf'),  # shown spoofed as "invoiceexe.pdf" with the bidi control
        ('Rechnung\u200b 2026\u2028.PDF', 'Rechnung 2026.pdf'),
        ('scan', 'scan.pdf'),
        ('report.tar.gz', 'report.tar.pdf'),
        ('\u3164\u200d.pdf', 'document.pdf'),
        ('C:\\Users\\ana\\계약서.pdf', '계약서.pdf'),
        ('x' * 300 + '.pdf', 'x' * 196 + '.pdf'),
    ],
)
async def test_stored_shown_and_downloaded_names_end_in_pdf_and_hide_nothing(
    db: str, uploaded: str, stored: str
) -> None:
    note_id = await a_note()
    view = await add_attachment(note_id, filename=uploaded, data=plain_pdf(), by=SYSTEM)
    assert view.original_name == stored
    assert (await Attachment.get(id=view.id)).original_name == stored
    assert (await open_attachment(view.id, by=SYSTEM)).download_name == stored
    customer_id = (await Attachment.get(id=view.id).prefetch_related('note')).note.customer_id
    shown = [a.original_name for note in await list_notes(customer_id, by=SYSTEM) for a in note.attachments]
    assert shown == [stored]


async def test_a_name_stored_before_cleaning_is_cleaned_on_the_way_out(db: str) -> None:
    view = await add_attachment(await a_note(), filename='a.pdf', data=plain_pdf(), by=SYSTEM)
    await Attachment.filter(id=view.id).update(original_name='invoice\u202efdp.exe')
    assert (await open_attachment(view.id, by=SYSTEM)).download_name == 'invoicefdp.pdf'


async def test_an_empty_file_is_called_empty(db: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        await add_attachment(await a_note(), filename='scan.pdf', data=b'', by=SYSTEM)
    assert refused.value.errors['file'] == 'The file is empty'


@pytest.mark.parametrize('keep', [0.3, 0.6, 0.9])
async def test_a_truncated_file_is_explained_without_exception_names(db: str, keep: float) -> None:
    data = plain_pdf(pages=3)
    with pytest.raises(ValidationFailed) as refused:
        await add_attachment(await a_note(), filename='scan.pdf', data=data[: int(len(data) * keep)], by=SYSTEM)
    message = refused.value.errors['file']
    assert 'damaged or incomplete' in message
    assert 'Error' not in message and 'Exception' not in message
