"""The customer profile: editing with conflicts, notes with attachments, custom fields, export and erasure."""

from collections.abc import Callable

import pytest
from nicegui import ui
from nicegui.testing import User

from models import Attachment, Role
from services.core.actors import SYSTEM
from services.customers.custom_fields import CustomFieldKind, FieldDefinition, save_definition
from services.customers.registration import create_customer
from services.customers.views import get_customer
from services.notes import files
from services.notes.notes import NoteKind, add_note
from tests.factories import spanish_draft
from tests.pdfs import plain_pdf, png_bytes
from tests.ui.helpers import eventually, sign_in, until
from ui.customers.table.customer_grid import CustomerGrid


async def city_is(city: str) -> bool:
    return (await get_customer('C-00001')).city == city


async def contact_is(name: str) -> bool:
    return (await get_customer('C-00001')).contact_person == name


async def two_editors(user: User, create_user: Callable[[], User]) -> User:
    """`user` and a second person, Bob, both with the profile of C-00001 open."""
    await create_customer(by=SYSTEM, draft=spanish_draft())
    await open_profile(user)
    other = create_user()
    await sign_in(other, name='Bob')
    await other.open('/customers/C-00001')
    await other.should_see(marker='history', retries=20)
    return other


async def open_profile(user: User, *, role: Role = Role.ADMIN, notes: bool = True) -> None:
    await sign_in(user, role=role, notes=notes)
    await user.open('/customers/C-00001')
    await user.should_see(marker='history', retries=20)  # the last part of the page to be built


async def test_details_are_edited_and_the_change_shows_in_the_history(user: User) -> None:
    await create_customer(by=SYSTEM, draft=spanish_draft())
    await open_profile(user)
    user.find(marker='field-city').type('x')  # 'Madridx' is a valid city name
    user.find(marker='save-details').click()
    await user.should_see('Changes saved', retries=30)
    assert (await get_customer('C-00001')).city == 'Madridx'
    user.find('History').click()
    await user.should_see('Madrid  →  Madridx', retries=20)
    timeline = user.find(kind=ui.timeline).elements.pop()
    assert [entry.props['title'] for entry in timeline.default_slot.children] == ['Changed: City', 'Registered']


def verdict(user: User) -> str:
    badge = user.find(marker='summary-verdict').elements.pop()
    assert isinstance(badge, ui.badge)
    return badge.text


async def test_the_summary_of_a_saved_customer_says_whether_anything_is_unsaved(user: User) -> None:
    await create_customer(by=SYSTEM, draft=spanish_draft())
    await open_profile(user)
    await eventually(lambda: verdict(user) == 'No unsaved changes')
    user.find(marker='field-city').type('x')
    await eventually(lambda: verdict(user) == 'Unsaved changes — ready to save')
    user.find(marker='save-details').click()
    await user.should_see('Changes saved', retries=30)
    await eventually(lambda: verdict(user) == 'No unsaved changes')
    with user.scope(marker='summary'):
        await user.should_not_see('Ready to save')


@pytest.mark.parametrize(
    ('language', 'saved', 'edited'),
    [('es', 'No hay cambios sin guardar', 'Cambios sin guardar: listos para guardar'),
     ('ko', '저장하지 않은 변경 없음', '저장하지 않은 변경 있음 — 저장할 수 있습니다')],
)  # fmt: skip
async def test_the_saved_customers_summary_in_spanish_and_korean(
    user: User, language: str, saved: str, edited: str
) -> None:
    await create_customer(by=SYSTEM, draft=spanish_draft())
    await sign_in(user, language=language)
    await user.open('/customers/C-00001')
    await user.should_see(marker='history', retries=20)
    await eventually(lambda: verdict(user) == saved)
    user.find(marker='field-city').type('x')
    await eventually(lambda: verdict(user) == edited)


async def test_a_conflict_shows_both_values_and_use_mine_wins(user: User, create_user: Callable[[], User]) -> None:
    other = await two_editors(user, create_user)
    other.find(marker='field-city').type(' Centro')
    user.find(marker='field-contact_person').type(' Jr.')
    other.find(marker='save-details').click()
    await until(lambda: city_is('Madrid Centro'))
    user.find(marker='save-details').click()
    await user.should_see(marker='conflict', retries=20)
    await user.should_see('Changed by Bob just now', retries=20)
    await user.should_see('José García Jr.', retries=20)
    user.find(marker='use-mine').click()
    await until(lambda: contact_is('José García Jr.'))
    stored = await get_customer('C-00001')
    assert (stored.contact_person, stored.city) == ('José García Jr.', 'Madrid Centro')  # nobody's edit was lost


async def test_keep_theirs_shows_the_stored_values(user: User, create_user: Callable[[], User]) -> None:
    other = await two_editors(user, create_user)
    other.find(marker='field-contact_person').type(' Sr.')
    user.find(marker='field-contact_person').type(' Jr.')
    other.find(marker='save-details').click()
    await until(lambda: contact_is('José García Sr.'))
    user.find(marker='save-details').click()
    await user.should_see(marker='conflict', retries=20)
    user.find(marker='keep-theirs').click()
    await eventually(lambda: user.find(marker='field-contact_person').elements.pop().value == 'José García Sr.')
    assert (await get_customer('C-00001')).contact_person == 'José García Sr.'


async def test_notes_are_added_deleted_and_restored(user: User) -> None:
    await create_customer(by=SYSTEM, draft=spanish_draft())
    await open_profile(user)
    user.find('Notes').click()
    await user.should_see(marker='new-note', retries=20)
    user.find(marker='note-body').type('Contract ends in March')
    user.find(marker='add-note').click()
    await user.should_see(marker='delete-note', retries=20)
    user.find(marker='delete-note').click()
    await user.should_see(marker='undo-delete', retries=20)
    await user.should_not_see('Contract ends in March')
    user.find(marker='undo-delete').click()
    await user.should_see('Contract ends in March', retries=20)


async def test_a_pdf_is_attached_and_downloads_byte_identical(user: User) -> None:
    customer = await create_customer(by=SYSTEM, draft=spanish_draft())
    note = await add_note(customer.id, kind=NoteKind.AGREEMENT, body='Framework contract', by=SYSTEM)
    await open_profile(user)
    user.find('Notes').click()
    await user.should_see(marker=f'upload-{note.id}')
    data = plain_pdf(2)
    upload = user.find(marker=f'upload-{note.id}').elements.pop()
    await upload.handle_uploads([ui.upload.SmallFileUpload('contract.pdf', 'application/pdf', data)])
    await user.should_see('contract.pdf attached', retries=20)
    attachment = await Attachment.get(note_id=note.id)
    response = await user.http_client.get(f'/attachments/{attachment.id}')
    assert response.status_code == 200
    assert response.content == data
    assert response.headers['content-disposition'].startswith('attachment')
    assert response.headers['x-content-type-options'] == 'nosniff'
    preview = await user.http_client.get(f'/attachments/{attachment.id}/pages/1')
    assert preview.headers['content-type'] == 'image/png'


async def test_a_png_renamed_to_pdf_is_refused_with_a_message(user: User) -> None:
    customer = await create_customer(by=SYSTEM, draft=spanish_draft())
    note = await add_note(customer.id, kind=NoteKind.GENERAL, body='Scan', by=SYSTEM)
    await open_profile(user)
    user.find('Notes').click()
    await user.should_see(marker=f'upload-{note.id}')
    upload = user.find(marker=f'upload-{note.id}').elements.pop()
    await upload.handle_uploads([ui.upload.SmallFileUpload('scan.pdf', 'application/pdf', png_bytes())])
    await user.should_see('scan.pdf: This is not a PDF file (it does not start with %PDF-)', retries=20)
    assert await Attachment.all().count() == 0


async def test_a_file_over_the_limit_sent_to_the_upload_route_is_refused(user: User) -> None:
    customer = await create_customer(by=SYSTEM, draft=spanish_draft())
    note = await add_note(customer.id, kind=NoteKind.GENERAL, body='Scan', by=SYSTEM)
    await open_profile(user)
    user.find('Notes').click()
    await user.should_see(marker=f'upload-{note.id}')
    upload = user.find(marker=f'upload-{note.id}').elements.pop()
    too_big = plain_pdf() + b'%' + b'x' * files.store.max_bytes
    url = f'/_nicegui/client/{upload.client.id}/upload/{upload.id}'
    response = await user.http_client.post(url, files={'file': ('big.pdf', too_big, 'application/pdf')})
    assert response.status_code == 200  # NiceGUI accepted the bytes; our handler refused them
    await user.should_see('big.pdf: The file is larger than 20 MB', retries=20)
    assert await Attachment.all().count() == 0
    assert not files.store.root.exists() or list(files.store.root.iterdir()) == []


async def test_without_notes_access_there_is_no_notes_tab_and_no_download(user: User) -> None:
    customer = await create_customer(by=SYSTEM, draft=spanish_draft())
    note = await add_note(customer.id, kind=NoteKind.GENERAL, body='Private', by=SYSTEM)
    from services.notes.attachments import add_attachment

    attachment = await add_attachment(note.id, filename='c.pdf', data=plain_pdf(), by=SYSTEM)
    await open_profile(user, role=Role.MEMBER, notes=False)
    await user.should_not_see('Notes')
    await user.should_not_see('Private')
    response = await user.http_client.get(f'/attachments/{attachment.id}')
    assert response.status_code == 403
    assert (await user.http_client.get(f'/attachments/{attachment.id}/pages/0')).status_code == 403


async def test_a_required_custom_field_appears_in_the_form_and_blocks_saving(user: User) -> None:
    await save_definition(FieldDefinition(label='Industry', kind=CustomFieldKind.TEXT, required=True), by=SYSTEM)
    await sign_in(user)
    await user.open('/customers/new')
    await user.should_see(marker='additional-details', retries=20)
    await user.should_see('Industry *', retries=20)
    user.find(marker='field-name').type('Kim')
    await user.should_see('Missing: Email, Phone, Street, Postal code, City, Industry', retries=20)


async def test_admin_adds_a_custom_field_in_the_settings(user: User) -> None:
    await sign_in(user)
    await user.open('/settings/fields')
    await user.should_see(marker='add-field', retries=20)
    user.find(marker='add-field').click()
    await user.should_see(marker='field-dialog', retries=20)
    user.find(marker='field-label').type('Contract end')
    user.find(marker='field-kind').elements.pop().set_value(CustomFieldKind.DATE.value)
    user.find(marker='field-save').click()
    await user.should_see(marker='field-definition-contract_end', retries=20)


@pytest.mark.parametrize('typed', ['wrong', 'C-00001'])
async def test_erasure_asks_for_the_typed_number(user: User, typed: str) -> None:
    await create_customer(by=SYSTEM, draft=spanish_draft())
    await open_profile(user)
    user.find(marker='erase').click()
    await user.should_see(marker='erase-dialog', retries=20)
    user.find(marker='erase-confirmation').type(typed)
    user.find(marker='erase-confirm').click()
    if typed == 'wrong':
        await user.should_see('Type C-00001 to confirm', retries=20)
        assert not (await get_customer('C-00001')).erased
    else:
        await user.should_see('Personal data of C-00001 erased', retries=20)
        assert (await get_customer('C-00001')).erased


async def test_export_downloads_a_zip_once(user: User) -> None:
    await create_customer(by=SYSTEM, draft=spanish_draft())
    await open_profile(user)
    user.find(marker='export').click()
    response = await user.download.next()
    assert response.status_code == 200
    assert response.content.startswith(b'PK')
    assert "filename*=UTF-8''C-00001-export.zip" in response.headers['content-disposition']


async def test_a_yes_no_field_speaks_the_users_language_in_summary_table_and_history(user: User) -> None:
    await save_definition(FieldDefinition(label='Partner', kind=CustomFieldKind.YES_NO), by=SYSTEM)
    await create_customer(by=SYSTEM, draft=spanish_draft(custom={'partner': False}))
    await sign_in(user, language='es')
    await user.open('/customers/C-00001')
    await user.should_see(marker='history', retries=20)
    summary = user.find(marker='summary-custom:partner').elements.pop()
    assert isinstance(summary, ui.label)
    assert summary.text == 'No'
    user.find(kind=ui.checkbox, content='Partner').click()
    await eventually(lambda: summary.text == 'Sí')
    user.find(marker='save-details').click()
    await user.should_see('Cambios guardados', retries=30)
    user.find('Historial').click()
    await user.should_see('No  →  Sí', retries=20)
    await user.open('/customers')
    await user.should_see(marker='customer-grid', retries=20)
    grid = user.find(marker='customer-grid').elements.pop()
    assert isinstance(grid, CustomerGrid)
    assert [row['custom_partner'] for row in grid.rows] == ['Sí']
