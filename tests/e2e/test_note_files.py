"""In a real browser: a note and its PDF added in one step from the 'Add a note' card, shown compactly."""

from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from tests.e2e.conftest import sign_in
from tests.pdfs import plain_pdf

pytestmark = pytest.mark.e2e


async def test_a_note_is_added_with_its_pdf_in_one_step(demo_server: str, page: Page, tmp_path: Path) -> None:
    original = plain_pdf(pages=3)
    upload = tmp_path / 'Angebot 2027.pdf'
    upload.write_bytes(original)
    await sign_in(page, demo_server, target='/customers/C-00002')
    await page.get_by_role('tab', name='Notes').click()
    await page.get_by_label('Note', exact=True).fill('Offer sent, signed copy attached')
    async with page.expect_file_chooser() as chooser_info:
        await page.get_by_role('button', name='Attach PDF').click()
    await (await chooser_info.value).set_files(upload)
    new_note = page.locator('.q-card', has_text='Add a note')
    pending = new_note.get_by_text('Angebot 2027.pdf', exact=True).filter(visible=True)
    await expect(pending).to_have_count(1)
    await page.get_by_role('button', name='Add note').click()
    await expect(page.get_by_text('Note added with 1 PDF')).to_be_visible()

    card = page.locator('.q-card', has_text='Offer sent, signed copy attached')
    await expect(card.get_by_text('3 pages')).to_be_visible()
    await expect(card.get_by_role('button', name='Add PDF')).to_be_visible()
    await expect(pending).to_have_count(0)  # the card is ready for the next note
    async with page.expect_download() as download_info:
        await card.get_by_role('button', name='Angebot 2027.pdf').click()
    download = await download_info.value
    assert Path(await download.path()).read_bytes() == original
    await card.get_by_role('button', name='Preview').click()
    await expect(page.locator('img[src*="/pages/"]')).to_have_count(3)
