"""In a real browser: an admin merges two customers from the table; the survivor has everything of both."""

import re
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from tests.e2e.conftest import ROOT, _environment, _serve, free_port, sign_in

pytestmark = pytest.mark.e2e

# Run in the app's environment before it starts: an invoice with a payment and a note on each of the two customers.
PREPARE = """
import asyncio
from datetime import date

from models import PaymentMethod
from services.core.actors import SYSTEM
from services.core.db import open_database
from services.core.settings import AppSettings
from services.customers.views import get_customer
from services.invoicing.drafts import InvoiceDraft, LineDraft
from services.invoicing.invoices import create_invoice
from services.invoicing.payments import record_payment
from services.notes.notes import NoteKind, add_note


async def main() -> None:
    async with open_database(AppSettings()):
        for number in ('C-00039', 'C-00040'):
            customer = await get_customer(number)
            line = LineDraft(description=f'Setup {number}', quantity='1', unit_price='100', vat_rate='19')
            draft = InvoiceDraft(lines=[line])
            invoice, _ = await create_invoice(customer_number=number, draft=draft, request_key=number, by=SYSTEM)
            await record_payment(
                invoice_id=invoice.id, amount='40', paid_on=date.today(), method=PaymentMethod.CASH, by=SYSTEM
            )
            await add_note(customer.id, kind=NoteKind.AGREEMENT, body=f'Agreement of {number}', by=SYSTEM)


asyncio.run(main())
"""


@pytest.fixture
def prepared_server(tmp_path: Path) -> Iterator[str]:
    env = _environment(tmp_path, free_port()) | {'PYTHONPATH': str(ROOT)}
    for command in (
        [sys.executable, str(ROOT / 'main.py'), 'seed-demo', '--customers', '40', '--seed', '4'],
        [sys.executable, '-c', PREPARE],
    ):
        subprocess.run(command, cwd=tmp_path, env=env, check=True, capture_output=True)
    yield from _serve(tmp_path)


async def balances(page: Page, server: str, number: str) -> tuple[Decimal, Decimal]:
    """Invoiced and paid, as the profile's Invoices & payments tab shows them."""
    await page.goto(f'{server}/customers/{number}')
    await page.get_by_role('tab', name='Invoices & payments').click()
    row = page.locator('.nicegui-row').filter(has_text='Invoiced').last
    await expect(row).to_contain_text('Paid')
    text = await row.inner_text()
    invoiced, paid = (re.search(rf'{label}\D*([\d,]+\.\d\d)', text) for label in ('Invoiced', 'Paid'))
    assert invoiced and paid, text
    return Decimal(invoiced[1].replace(',', '')), Decimal(paid[1].replace(',', ''))


async def test_merging_two_selected_rows_keeps_everything_with_the_survivor(prepared_server: str, page: Page) -> None:
    await sign_in(page, prepared_server, target='/customers')
    before = [await balances(page, prepared_server, number) for number in ('C-00039', 'C-00040')]
    await page.goto(f'{prepared_server}/customers')
    rows = page.locator('tbody tr')
    for number in ('C-00040', 'C-00039'):
        await rows.filter(has_text=number).get_by_role('checkbox').click()
    await page.get_by_role('button', name='Merge…').click()
    dialog = page.locator('.q-dialog').filter(has_text='Merge two customers')
    await expect(dialog).to_be_visible()
    await expect(dialog.get_by_text('Invoices', exact=True)).to_be_visible()
    await dialog.get_by_role('button', name='Merge', exact=True).click()
    await expect(page.get_by_text('merged into')).to_be_visible()
    text = await page.get_by_text('merged into').first.inner_text()
    merged, survivor = text.split(' merged into ')

    # The merged number opens the survivor, which has both invoices, both payments and both notes.
    await page.goto(f'{prepared_server}/customers/{merged}')
    await expect(page.get_by_text(f'{merged} was merged into {survivor}.')).to_be_visible()
    assert await balances(page, prepared_server, merged) == (before[0][0] + before[1][0], before[0][1] + before[1][1])
    await page.goto(f'{prepared_server}/customers/{merged}')
    await page.get_by_role('tab', name='Notes').click()
    await expect(page.get_by_text('Agreement of C-00039')).to_be_visible()
    await expect(page.get_by_text('Agreement of C-00040')).to_be_visible()
    await page.get_by_role('tab', name='History').click()
    await expect(page.get_by_text('Merged', exact=True).first).to_be_visible()
