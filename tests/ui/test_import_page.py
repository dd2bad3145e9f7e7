"""Customers -> Import: upload a CP949 CSV, see the mapping guessed, fix a cell, import with progress, undo."""

from nicegui import ui
from nicegui.testing import User

from models import Customer
from tests.ui.helpers import eventually, sign_in

ROWS = (
    '상호,이메일,휴대폰,우편번호,도시,주소\r\n'
    '김상사,kim@example.kr,010-1234-5678,04524,서울,세종대로 110\r\n'
    '이정밀,not-an-email,010-3333-4444,48058,부산,중앙대로 1\r\n'
)


async def test_upload_map_fix_import_and_undo(user: User) -> None:
    await sign_in(user)
    await user.open('/customers')
    await user.should_see(marker='import-customers', retries=100)
    user.find(marker='import-customers').click()
    await user.should_see(marker='import-upload', retries=100)
    upload = user.find(marker='import-upload').elements.pop()
    assert isinstance(upload, ui.upload)
    await upload.handle_uploads([ui.upload.SmallFileUpload('고객.csv', 'text/csv', ROWS.encode('cp949'))])
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
    await user.should_see(marker='import-upload', retries=100)
    upload = user.find(marker='import-upload').elements.pop()
    assert isinstance(upload, ui.upload)
    await upload.handle_uploads([ui.upload.SmallFileUpload('list.xlsx', 'text/csv', b'Name\nAda\n')])
    await user.should_see('its content is plain text', retries=100)
    await eventually(lambda: True)
