"""In Chromium: upload a CP949 CSV, check the guessed mapping, fix a cell in the preview, import, see the progress
bar finish and the customers in the table (undo is covered by tests/ui/test_import_page.py)."""

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
    await page.get_by_role('button', name='Import').click()
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
