"""Registering a customer with a welcome invoice, and finding the email with its PDF in the Mailbox."""

from nicegui import ui
from nicegui.testing import User

from services.invoicing.views import list_invoices
from services.mail.outbox import list_messages
from tests.ui.helpers import eventually, sign_in
from tests.ui.test_customer_form import fill_korean_customer, open_form
from ui.runtime import mailer


async def add_welcome_invoice(user: User) -> None:
    user.find(marker='send-welcome').click()
    await user.should_see(marker='invoice-line-0-description', retries=20)
    user.find(marker='invoice-line-0-description').type('Beratung')
    user.find(marker='invoice-line-0-quantity').clear().type('2')
    user.find(marker='invoice-line-0-unit_price').type('90')
    user.find(marker='invoice-line-0-vat_rate').type('19')


async def test_summary_shows_total_due_date_reminders_and_the_email(user: User) -> None:
    await sign_in(user)
    await open_form(user)
    await fill_korean_customer(user)
    await add_welcome_invoice(user)
    with user.scope(marker='invoice-summary'):
        await user.should_see('€214.20', retries=20)
        await user.should_see('(14 days)', retries=20)
        await user.should_see('Welcome to Clientbook: invoice', retries=20)
        await user.should_see('Dear 김민준,', retries=20)
    reminders = user.find(marker='invoice-summary-reminders').elements.pop()
    assert len(reminders.text.split('; ')) == 3


async def test_an_invalid_line_blocks_saving_with_the_message_under_the_field(user: User) -> None:
    await sign_in(user)
    await open_form(user)
    await fill_korean_customer(user)
    await add_welcome_invoice(user)
    user.find(marker='invoice-line-0-unit_price').clear().type('abc')
    price = user.find(marker='invoice-line-0-unit_price').elements.pop()
    assert price.error == 'A price of 0 or more'
    assert not user.find(marker='save').elements.pop().enabled


async def test_the_welcome_email_with_its_pdf_arrives_in_the_mailbox(user: User) -> None:
    await sign_in(user)
    await open_form(user)
    await fill_korean_customer(user)
    await add_welcome_invoice(user)
    user.find(marker='save').click()
    await user.should_see('Customer C-00001 saved with its welcome invoice', retries=20)
    box = mailer().dev_mailbox
    assert box is not None
    await eventually(lambda: box.page()[1] == 1, timeout=20)
    await user.open('/mailbox')
    await user.should_see('Development mailbox', retries=20)
    await user.should_see(marker='mailbox-table', retries=20)
    [summary], _ = box.page()
    table = user.find(marker='mailbox-table').elements.pop()
    assert [(row['to'], row['subject']) for row in table.rows] == [
        ('minjun.kim@example.kr', 'Welcome to Clientbook: invoice 2026-0001')
    ]
    user.find(kind=ui.table, marker='mailbox-table').trigger('rowClick', [{}, {'id': summary.id}])
    await user.should_see(marker='mail-viewer', retries=20)
    await user.should_see('Invoice-2026-0001.pdf', retries=20)
    response = await user.http_client.get(f'/downloads/mailbox/{summary.id}/0')
    assert response.status_code == 200
    assert response.content.startswith(b'%PDF-')
    assert response.headers['content-disposition'] == "attachment; filename*=UTF-8''Invoice-2026-0001.pdf"
    assert response.headers['x-content-type-options'] == 'nosniff'
    frame = user.find(marker='mail-html').elements.pop()
    assert frame.props['sandbox'] == ''
    assert frame.props['srcdoc'].startswith('<meta http-equiv="Content-Security-Policy"')


async def test_a_double_click_on_save_yields_one_invoice_and_one_message(user: User) -> None:
    await sign_in(user)
    await open_form(user)
    await fill_korean_customer(user)
    await add_welcome_invoice(user)
    save = user.find(marker='save')
    save.click()
    save.click()
    await user.should_see('Customer C-00001 saved with its welcome invoice', retries=20)
    await user.should_see(marker='profile-name', retries=20)
    assert (await list_invoices()).total == 1
    assert [m.kind.value for m in (await list_messages()).rows if m.kind.value == 'invoice'] == ['invoice']
