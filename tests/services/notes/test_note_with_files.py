"""A note and its PDFs in one step: the same server-side checks, and one refused file saves nothing."""

import pytest

from models import Attachment, AuditEntry, Note, NoteKind, Role
from services.core.actors import SYSTEM, Actor
from services.core.errors import PermissionDenied, ValidationFailed
from services.customers.registration import create_customer
from services.notes import files
from services.notes.attachments import MAX_FILES_PER_NOTE, UploadedFile, add_note_with_files, open_attachment
from services.notes.notes import update_note
from tests.factories import korean_draft
from tests.pdfs import pdf_with_javascript, plain_pdf, png_bytes

MEMBER = Actor(id=None, name='Mia', role=Role.MEMBER, can_view_notes=False)


async def a_customer() -> int:
    return (await create_customer(by=SYSTEM, draft=korean_draft())).id


async def test_a_note_is_saved_with_its_pdfs(db: str) -> None:
    contract, offer = plain_pdf(pages=3), plain_pdf(pages=1)
    note = await add_note_with_files(
        await a_customer(),
        kind=NoteKind.AGREEMENT,
        body='Signed contract and the offer',
        files=[UploadedFile('Vertrag 2027.pdf', contract), UploadedFile('../../offer.pdf', offer)],
        by=SYSTEM,
    )
    assert [(a.original_name, a.pages, a.size) for a in note.attachments] == [
        ('Vertrag 2027.pdf', 3, len(contract)),
        ('offer.pdf', 1, len(offer)),
    ]
    assert (await open_attachment(note.attachments[0].id, by=SYSTEM)).path.read_bytes() == contract
    actions = await AuditEntry.filter(entity='customer').values_list('action', flat=True)
    assert sorted(actions) == ['attachment.add', 'attachment.add', 'customer.create', 'note.add']


async def test_one_refused_file_saves_neither_the_note_nor_any_file(db: str) -> None:
    customer_id = await a_customer()
    with pytest.raises(ValidationFailed) as raised:
        await add_note_with_files(
            customer_id,
            kind=NoteKind.GENERAL,
            body='Two scans',
            files=[UploadedFile('fine.pdf', plain_pdf()), UploadedFile('script.pdf', pdf_with_javascript())],
            by=SYSTEM,
        )
    assert raised.value.errors['file'].startswith('script.pdf: ')
    assert 'JavaScript' in raised.value.errors['file']
    assert (await Note.all().count(), await Attachment.all().count()) == (0, 0)
    assert not files.store.root.exists() or list(files.store.root.iterdir()) == []


async def test_a_png_renamed_to_pdf_is_refused_by_name(db: str) -> None:
    with pytest.raises(ValidationFailed) as raised:
        await add_note_with_files(
            await a_customer(), kind=NoteKind.GENERAL, body='', files=[UploadedFile('scan.pdf', png_bytes())], by=SYSTEM
        )
    assert raised.value.errors['file'].startswith('scan.pdf: ')
    assert 'not a PDF' in raised.value.errors['file']


async def test_with_files_the_text_may_be_empty_and_stays_editable(db: str) -> None:
    customer_id = await a_customer()
    note = await add_note_with_files(
        customer_id, kind=NoteKind.GENERAL, body='  ', files=[UploadedFile('a.pdf', plain_pdf())], by=SYSTEM
    )
    assert note.body == ''
    pinned = await update_note(note.id, kind=NoteKind.GENERAL, body='', event_date=None, pinned=True, by=SYSTEM)
    assert pinned.pinned
    with pytest.raises(ValidationFailed) as raised:
        await add_note_with_files(customer_id, kind=NoteKind.GENERAL, body='', files=[], by=SYSTEM)
    assert set(raised.value.errors) == {'body'}


async def test_too_many_files_and_people_without_notes_access_are_refused(db: str) -> None:
    customer_id = await a_customer()
    many = [UploadedFile(f'{n}.pdf', plain_pdf()) for n in range(MAX_FILES_PER_NOTE + 1)]
    with pytest.raises(ValidationFailed):
        await add_note_with_files(customer_id, kind=NoteKind.GENERAL, body='x', files=many, by=SYSTEM)
    with pytest.raises(PermissionDenied):
        await add_note_with_files(customer_id, kind=NoteKind.GENERAL, body='x', files=[], by=MEMBER)
    assert await Note.all().count() == 0
