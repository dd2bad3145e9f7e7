"""In a real browser: attach a PDF to a note, download it again, and see its pages rendered on the server."""

from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from tests.e2e.conftest import sign_in
from tests.pdfs import plain_pdf

pytestmark = pytest.mark.e2e


async def test_a_pdf_attached_to_a_note_downloads_byte_identical(demo_server: str, page: Page, tmp_path: Path) -> None:
    original = plain_pdf(pages=2)
    upload = tmp_path / 'Contract 2027.pdf'
    upload.write_bytes(original)
    await sign_in(page, demo_server, target='/customers/C-00001')
    await page.get_by_role('tab', name='Notes').click()
    await page.get_by_label('Note', exact=True).fill('Framework contract, renewal in March')
    await page.get_by_role('button', name='Add note').click()
    await expect(page.get_by_text('Framework contract, renewal in March')).to_be_visible()
    async with page.expect_file_chooser() as chooser_info:  # the note's small 'Add PDF', its uploader hidden
        await page.get_by_role('button', name='Add PDF').click()
    await (await chooser_info.value).set_files(upload)
    await expect(page.get_by_text('Contract 2027.pdf attached')).to_be_visible()

    async with page.expect_download() as download_info:
        await page.get_by_role('button', name='Contract 2027.pdf').click()
    download = await download_info.value
    assert download.suggested_filename == 'Contract 2027.pdf'
    assert Path(await download.path()).read_bytes() == original

    await page.get_by_role('button', name='Preview').click()
    pages = page.locator('img[src*="/pages/"]')
    await expect(pages).to_have_count(2)
    await expect(pages.first).to_have_js_property('complete', True)
    assert await pages.first.evaluate('image => image.naturalWidth') > 0
