"""Customers -> Import: upload a CP949 CSV, see the mapping guessed, fix a cell, import with progress, undo."""

import tempfile
from pathlib import Path

from nicegui import ui
from nicegui.testing import User

from models import Customer, Role
from services.core.actors import SYSTEM
from services.customers.transfer.mapping import save_mapping, saved_mapping_names
from services.customers.transfer.preview import ImportOptions
from services.customers.transfer.reading import read_table
from services.customers.transfer.run import run_import
from tests.ui.helpers import eventually, sign_in

ROWS = (
    '상호,이메일,휴대폰,우편번호,도시,주소\r\n'
    '김상사,kim@example.kr,010-1234-5678,04524,서울,세종대로 110\r\n'
    '이정밀,not-an-email,010-3333-4444,48058,부산,중앙대로 1\r\n'
)


async def upload_file(user: User, name: str, data: bytes) -> ui.upload:
    """The import page's uploader, once shown, handed `data` as a file called `name`."""
    await user.should_see(marker='import-upload', retries=100)
    upload = user.find(marker='import-upload').elements.pop()
    assert isinstance(upload, ui.upload)
    await upload.handle_uploads([ui.upload.SmallFileUpload(name, 'text/csv', data)])
    return upload


async def test_upload_map_fix_import_and_undo(user: User) -> None:
    await sign_in(user)
    await user.open('/customers')
    await user.should_see(marker='import-customers', retries=100)
    user.find(marker='import-customers').click()
    await upload_file(user, '고객.csv', ROWS.encode('cp949'))
    await user.should_see('2 rows', retries=100)
    mapped = user.find(marker='map-1').elements.pop()
    assert isinstance(mapped, ui.select) and mapped.value == 'email'
    user.find(marker='import-country').type('KR')
    user.find(marker='import-preview').click()
    await user.should_see('Invalid: 1', retries=100)
    user.find(marker='fix-1-1').clear().type('lee@example.kr')
    user.find(marker='import-recheck').click()
    await user.should_see('New: 2', retries=100)
    user.find(marker='import-start').click()
    await user.should_see(marker='import-summary', retries=200)
    await user.should_see('2 of 2 rows', retries=100)
    assert await Customer.filter(email='lee@example.kr').count() == 1
    user.find(marker='import-undo').click()
    await user.should_see('Undone: 2 removed', retries=100)
    assert await Customer.all().count() == 0


async def test_a_file_that_is_not_what_it_claims_gets_a_message(user: User) -> None:
    await sign_in(user)
    await user.open('/customers/import')
    await upload_file(user, 'list.xlsx', b'Name\nAda\n')
    await user.should_see('its content is plain text', retries=100)
    await eventually(lambda: True)


async def imported_once(*, skipped: frozenset[int] = frozenset()) -> int:
    """A finished import of two customers, as if done earlier by someone else; returns its batch id."""
    table = read_table(ROWS.encode('cp949'), '고객.csv', max_bytes=2**20)
    mapping = ['name', 'email', 'phone', 'postal_code', 'city', 'street']
    options = ImportOptions(mapping=mapping, default_country='KR', skipped=set(skipped))
    batch = await run_import(table, options, by=SYSTEM, name='earlier', filename='고객.csv')
    return batch.id


async def test_an_admin_undoes_an_earlier_import_from_the_list(user: User) -> None:
    batch_id = await imported_once()
    await sign_in(user)
    await user.open('/customers/import')
    await user.should_see(marker=f'past-import-{batch_id}', retries=100)
    await user.should_see('1 created, 0 updated, 0 unchanged, 0 skipped, 1 not imported')
    user.find(marker=f'past-import-undo-{batch_id}').click()
    await user.should_see(marker='confirm-undo', retries=100)
    with user.scope(marker='confirm-undo'):
        user.find(kind=ui.button, content='Undo').click()
    await user.should_see('Undone: 1 removed', retries=100)
    assert await Customer.all().count() == 0
    await user.should_not_see(marker=f'past-import-undo-{batch_id}', retries=100)


async def test_the_past_imports_list_counts_the_rows_skipped_in_the_preview(user: User) -> None:
    batch_id = await imported_once(skipped=frozenset({0}))
    await sign_in(user)
    await user.open('/customers/import')
    await user.should_see(marker=f'past-import-{batch_id}', retries=100)
    await user.should_see('0 created, 0 updated, 0 unchanged, 1 skipped, 1 not imported')


async def test_a_member_sees_past_imports_and_their_rejected_rows_but_cannot_undo(user: User) -> None:
    batch_id = await imported_once()
    await sign_in(user, role=Role.MEMBER, name='Mia Member')
    await user.open('/customers/import')
    await user.should_see(marker=f'past-import-{batch_id}', retries=100)
    await user.should_see(marker=f'past-import-rejected-{batch_id}')
    await user.should_not_see(marker=f'past-import-undo-{batch_id}')


async def test_a_row_with_a_customers_phone_is_listed_and_can_go_to_that_customer(user: User) -> None:
    await imported_once()
    await sign_in(user)
    await user.open('/customers/import')
    again = ROWS.splitlines()[0] + '\r\n김상사 본점,kim.main@example.kr,01012345678,04524,서울,세종대로 1\r\n'
    await upload_file(user, 'again.csv', again.encode('utf-8'))
    await user.should_see('1 rows', retries=100)
    user.find(marker='import-country').type('KR')
    user.find(marker='import-preview').click()
    await user.should_see(marker='duplicate-row-0', retries=100)
    await user.should_see('same phone')
    choice = user.find(marker='duplicate-choice-0').elements.pop()
    assert isinstance(choice, ui.radio)
    update = next(key for key in choice.options if str(key).startswith('update:'))
    choice.set_value(update)
    await user.should_see('Unchanged: 1', retries=100)  # fill empty fields only: that customer has them all
    await user.should_see('New: 0')
    assert user.find(marker='duplicate-choice-0').elements.pop().value == update  # type: ignore[attr-defined]


async def test_a_saved_mapping_is_applied_and_deleted_on_the_page(user: User) -> None:
    await save_mapping('Old tool', ['상호', '이메일'], ['name', 'ignore'])
    await sign_in(user)
    await user.open('/customers/import')
    await upload_file(user, '고객.csv', ROWS.encode('cp949'))
    await user.should_see(marker='mapping-use', retries=100)
    saved = user.find(marker='mapping-use').elements.pop()
    assert isinstance(saved, ui.select)
    saved.set_value('Old tool')
    await eventually(lambda: getattr(user.find(marker='map-1').elements.pop(), 'value', None) == 'ignore')
    user.find(marker='mapping-name').type('New tool')
    user.find(marker='mapping-save').click()
    await user.should_see('Mapping saved', retries=100)

    def saved_list() -> ui.select:
        element = user.find(marker='mapping-use').elements.pop()
        assert isinstance(element, ui.select)
        return element

    await eventually(lambda: saved_list().options == ['New tool', 'Old tool'] and saved_list().value == 'New tool')
    assert user.find(marker='map-1').elements.pop().value == 'ignore'  # type: ignore[attr-defined]
    before = saved_list()
    before.set_value('Old tool')
    await eventually(lambda: saved_list() is not before and saved_list().value == 'Old tool')  # shown anew
    user.find(marker='mapping-delete').click()
    await user.should_see(marker='confirm-mapping', retries=100)
    with user.scope(marker='confirm-mapping'):
        user.find(kind=ui.button, content='Delete').click()
    await user.should_see('Mapping deleted', retries=100)
    assert await saved_mapping_names() == ['New tool']


async def test_an_undo_that_something_newer_is_in_the_way_of_names_the_customer(user: User) -> None:
    batch_id = await imported_once()
    kim = await Customer.get(email='kim@example.kr')
    kim.version += 1  # as an edit after the import leaves it
    await kim.save()
    await sign_in(user)
    await user.open('/customers/import')
    await user.should_see(marker=f'past-import-undo-{batch_id}', retries=100)
    user.find(marker=f'past-import-undo-{batch_id}').click()
    await user.should_see(marker='confirm-undo', retries=100)
    with user.scope(marker='confirm-undo'):
        user.find(kind=ui.button, content='Undo').click()
    await user.should_see(f'these customers were changed after the import: {kim.number}', retries=100)
    assert await Customer.all().count() == 1


async def test_the_upload_waits_on_disk_and_is_read_again_for_another_encoding(user: User) -> None:
    before = set(Path(tempfile.gettempdir()).glob('clientbook-import-*'))
    await sign_in(user)
    await user.open('/customers/import')
    upload = await upload_file(user, '고객.csv', ROWS.encode('cp949'))
    await user.should_see('2 rows', retries=100)
    encoding = user.find(marker='import-encoding').elements.pop()
    assert isinstance(encoding, ui.select)
    encoding.set_value('latin-1')  # read again from the file on disk: other (wrong) letters, the same rows
    await user.should_see('»óÈ£', retries=100)  # the first header, as latin-1 reads its CP949 bytes
    encoding = user.find(marker='import-encoding').elements.pop()
    assert isinstance(encoding, ui.select)
    encoding.set_value('cp949')
    await user.should_see('상호', retries=100)
    other = b'Name,Email\nAda,ada@example.es\n'
    await upload.handle_uploads([ui.upload.SmallFileUpload('other.csv', 'text/csv', other)])
    await user.should_see('1 rows', retries=100)
    # The file waits without a name: nothing a crash could leave behind in the temporary folder.
    assert set(Path(tempfile.gettempdir()).glob('clientbook-import-*')) == before
