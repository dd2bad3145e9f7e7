"""In Chromium: upload a CP949 CSV, check the guessed mapping, fix a cell in the preview, import, see the progress
bar finish and the customers in the table; leave the page, come back and undo the import from the list of past
imports; a possible duplicate (same phone as a customer) is listed in the preview and "skip" keeps it out."""

import pytest
from playwright.async_api import Page, expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

ROWS = (
    '상호,이메일,휴대폰,우편번호,도시,주소\r\n'
    '김상사,kim.import@example.kr,010-1234-5678,04524,서울,세종대로 110\r\n'
    '이정밀,not-an-email,010-3333-4444,48058,부산,중앙대로 1\r\n'
)


async def test_upload_map_fix_import_and_undo(server: str, page: Page) -> None:
    await sign_in(page, server, target='/customers')
    await page.get_by_role('button', name='Import', exact=True).click()
    await page.wait_for_url(server + '/customers/import')
    async with page.expect_file_chooser() as chooser_info:  # the uploader is hidden behind a plain button
        await page.get_by_role('button', name='Choose a CSV, TSV, Excel or vCard file').click()
    await (await chooser_info.value).set_files(
        files=[{'name': '고객.csv', 'mimeType': 'text/csv', 'buffer': ROWS.encode('cp949')}]
    )
    await expect(page.get_by_text('2 rows')).to_be_visible()
    await page.get_by_label('Default country (e.g. KR)').fill('KR')
    await page.get_by_role('button', name='Preview').click()
    await expect(page.get_by_text('Invalid: 1')).to_be_visible()
    await page.get_by_label('이메일').fill('lee.import@example.kr')
    await page.get_by_role('button', name='Check again').click()
    await expect(page.get_by_text('New: 2')).to_be_visible()
    await page.get_by_role('button', name='Import', exact=True).last.click()
    await expect(page.get_by_text('2 of 2 rows')).to_be_visible()
    await expect(page.get_by_text('Done: 2 created')).to_be_visible()
    await page.goto(server + '/customers')
    await expect(page.get_by_text('lee.import@example.kr')).to_be_visible()


async def upload(page: Page, name: str, text: str, encoding: str = 'utf-8') -> None:
    async with page.expect_file_chooser() as chooser_info:
        await page.get_by_role('button', name='Choose a CSV, TSV, Excel or vCard file').click()
    await (await chooser_info.value).set_files(
        files=[{'name': name, 'mimeType': 'text/csv', 'buffer': text.encode(encoding)}]
    )


async def import_file(page: Page, server: str, name: str, text: str, created: int) -> None:
    await page.goto(server + '/customers/import')
    await upload(page, name, text)
    await page.get_by_label('Default country (e.g. KR)').fill('KR')
    await page.get_by_role('button', name='Preview').click()
    await expect(page.get_by_text(f'New: {created}')).to_be_visible()
    await page.get_by_role('button', name='Import', exact=True).last.click()
    await expect(page.get_by_text(f'Done: {created} created')).to_be_visible(timeout=30_000)


HEADER = 'Name,Email,Phone,Postal code,City,Street\r\n'
SMALL = (
    HEADER + 'Han Undo,han.undo@example.kr,010-5050-6060,04524,Seoul,Sejong-daero 1\r\n'
    'Go Undo,go.undo@example.kr,010-7070-8080,04524,Seoul,Sejong-daero 2\r\n'
)


async def test_leave_come_back_and_undo_from_the_list_of_past_imports(server: str, page: Page) -> None:
    await sign_in(page, server, target='/customers/import')
    await import_file(page, server, 'small.csv', SMALL, created=2)
    await page.goto(server + '/customers')
    await expect(page.get_by_text('han.undo@example.kr')).to_be_visible()
    await page.get_by_role('button', name='Import').click()
    await page.get_by_role('tab', name='Past imports').click()
    await expect(page.get_by_text('small.csv')).to_be_visible()
    await expect(page.get_by_text('2 created, 0 updated, 0 unchanged, 0 skipped, 0 not imported')).to_be_visible()
    await page.get_by_role('button', name='Undo').click()
    await page.get_by_role('dialog').get_by_role('button', name='Undo').click()
    await expect(page.get_by_text('Undone: 2 removed, 0 restored')).to_be_visible()
    await expect(page.get_by_text('Undone on')).to_be_visible()
    await page.goto(server + '/customers')
    await expect(page.get_by_text('No customers yet')).to_be_visible()
    await expect(page.get_by_text('han.undo@example.kr')).to_have_count(0)


KNOWN = HEADER + 'Kim Known,kim.known@example.kr,010-1212-3434,04524,Seoul,Sejong-daero 3\r\n'
AGAIN = (
    HEADER + 'Kim Again Trading,kim.again@example.kr,010 1212 3434,04524,Seoul,Sejong-daero 4\r\n'  # known phone
    'Park New,park.new@example.kr,010-5656-7878,04524,Seoul,Sejong-daero 5\r\n'
)


async def test_a_possible_duplicate_is_listed_and_skip_keeps_it_out(server: str, page: Page) -> None:
    await sign_in(page, server, target='/customers/import')
    await import_file(page, server, 'known.csv', KNOWN, created=1)
    await page.goto(server + '/customers/import')
    await upload(page, 'again.csv', AGAIN)
    await page.get_by_label('Default country (e.g. KR)').fill('KR')
    await page.get_by_role('button', name='Preview').click()
    await expect(page.get_by_text('Possible duplicates: 1')).to_be_visible()
    await expect(page.get_by_text('Like customer C-00001 Kim Known (same phone)')).to_be_visible()
    await expect(page.get_by_text('New: 2')).to_be_visible()
    await page.get_by_role('radio', name='Skip this row').click()
    await expect(page.get_by_text('Skipped: 1')).to_be_visible()
    await expect(page.get_by_text('New: 1')).to_be_visible()
    await page.get_by_role('button', name='Import', exact=True).last.click()
    await expect(page.get_by_text('Done: 1 created')).to_be_visible(timeout=30_000)
    await page.goto(server + '/customers')
    await expect(page.get_by_text('park.new@example.kr')).to_be_visible()
    await expect(page.get_by_text('kim.again@example.kr')).to_have_count(0)
    await expect(page.get_by_text('kim.known@example.kr')).to_be_visible()
