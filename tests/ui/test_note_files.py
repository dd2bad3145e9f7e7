"""The 'Add a note' card takes PDFs too: checked when picked, saved with the note in one step."""

from nicegui import ui
from nicegui.testing import User

from models import Attachment, Note
from services.core.actors import SYSTEM
from services.customers.registration import create_customer
from tests.factories import spanish_draft
from tests.pdfs import plain_pdf, png_bytes
from tests.ui.test_profile import open_profile


async def open_notes(user: User) -> None:
    await create_customer(by=SYSTEM, draft=spanish_draft())
    await open_profile(user)
    user.find('Notes').click()
    await user.should_see(marker='new-note-upload-button', retries=20)


async def pick(user: User, name: str, data: bytes) -> None:
    upload = user.find(marker='new-note-upload').elements.pop()
    assert isinstance(upload, ui.upload)
    await upload.handle_uploads([ui.upload.SmallFileUpload(name, 'application/pdf', data)])


async def test_a_note_is_added_with_its_pdfs_in_one_step(user: User) -> None:
    await open_notes(user)
    user.find(marker='note-body').type('Signed framework contract')
    await pick(user, 'contract.pdf', plain_pdf(3))
    await pick(user, 'annex.pdf', plain_pdf(1))
    await user.should_see('annex.pdf', retries=20)
    assert await Attachment.all().count() == 0  # nothing is stored before the note is added
    user.find(marker='add-note').click()
    await user.should_see('Note added with 2 PDF', retries=20)
    note = await Note.get(body='Signed framework contract')
    assert sorted(await Attachment.filter(note_id=note.id).values_list('original_name', flat=True)) == [
        'annex.pdf',
        'contract.pdf',
    ]
    await user.should_see('3 pages', retries=20)
    await user.should_see(marker=f'upload-{note.id}-button', retries=20)  # the small 'Add PDF' of the saved note
    await user.should_not_see(marker='pending-file')


async def test_a_refused_file_is_said_at_once_and_not_kept(user: User) -> None:
    await open_notes(user)
    await pick(user, 'scan.pdf', png_bytes())
    await user.should_see('scan.pdf: This is not a PDF file', retries=20)
    await user.should_not_see(marker='pending-file')
