"""Issuing invoices: one transaction with the customer and the outbox, gap-free numbers, idempotency, voiding."""

import asyncio
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from tortoise.exceptions import IntegrityError

from models import Customer, Invoice, MessageKind, MessageStatus, OutboxMessage
from services.core.actors import SYSTEM, Actor, Role
from services.core.errors import PermissionDenied, ValidationFailed
from services.customers.registration import create_customer
from services.invoicing.drafts import LineDraft
from services.invoicing.invoices import create_invoice, send_welcome_invoice, void_invoice
from services.invoicing.status import InvoiceStatus
from services.invoicing.views import customer_invoices
from tests.clock import FakeClock
from tests.factories import korean_draft, set_up_company, spanish_draft, welcome_draft

MEMBER = Actor(id=None, name='Member', role=Role.MEMBER, can_view_notes=False)


async def test_welcome_invoice_is_saved_with_the_customer_and_its_emails(db: str, clock: FakeClock) -> None:
    await set_up_company()
    customer = await create_customer(by=MEMBER, draft=korean_draft(), welcome=welcome_draft(), clock=clock)
    invoice = await Invoice.get(customer_id=customer.id)
    assert invoice.number == '2026-0001'
    assert (invoice.issue_date, invoice.due_date) == (date(2026, 3, 2), date(2026, 3, 16))
    assert (invoice.net_total, invoice.vat_total, invoice.total) == (
        Decimal('185.40'),
        Decimal('34.58'),
        Decimal('219.98'),
    )
    assert invoice.vat_breakdown == [
        {'rate': '19', 'net': '180.00', 'vat': '34.20'},
        {'rate': '7', 'net': '5.40', 'vat': '0.38'},
    ]
    assert invoice.buyer['name'] == '김민준'
    assert invoice.sent_at is None  # only a 250 from the mail server makes it sent
    messages = await OutboxMessage.filter(invoice_id=invoice.id).order_by('id')
    assert [(m.kind, m.reminder_day, m.status) for m in messages] == [
        (MessageKind.INVOICE, None, MessageStatus.PENDING),
        (MessageKind.REMINDER, 1, MessageStatus.PENDING),
        (MessageKind.REMINDER, 3, MessageStatus.PENDING),
        (MessageKind.REMINDER, 7, MessageStatus.PENDING),
    ]
    assert [m.next_attempt_at for m in messages[1:]] == [
        datetime(2026, 3, 17, 9, tzinfo=UTC),
        datetime(2026, 3, 19, 9, tzinfo=UTC),
        datetime(2026, 3, 23, 9, tzinfo=UTC),
    ]
    assert messages[0].recipient == 'minjun.kim@example.kr'
    assert messages[0].message_id == '<invoice-2026-0001.welcome@mueller.example>'
    assert 'Dear 김민준' in messages[0].body_text
    assert '€219.98' in messages[0].body_text


async def test_invalid_welcome_invoice_saves_nothing(db: str, clock: FakeClock) -> None:
    draft = welcome_draft(lines=[LineDraft(description='Setup', unit_price='abc')], payment_terms='999')
    with pytest.raises(ValidationFailed) as failure:
        await create_customer(by=SYSTEM, draft=korean_draft(city=''), welcome=draft, clock=clock)
    assert failure.value.errors == {
        'city': 'City is required',
        'invoice.payment_terms': 'Whole days between 0 and 365',
        'invoice.lines.0.unit_price': 'A price of 0 or more',
    }
    assert await Customer.all().count() == 0


async def test_welcome_invoice_needs_an_email_address(db: str, clock: FakeClock) -> None:
    from services.customers.registration_settings import set_required_fields

    await set_required_fields([], by=SYSTEM)
    with pytest.raises(ValidationFailed) as failure:
        await create_customer(by=SYSTEM, draft=korean_draft(email=''), welcome=welcome_draft(), clock=clock)
    assert failure.value.errors == {'email': 'An email address is needed to send the invoice'}


async def test_a_failure_in_the_transaction_leaves_no_customer_or_number_behind(db: str, clock: FakeClock) -> None:
    blocker = await Customer.create(number='X-1', name='Blocker', name_key='blocker', country='DE')
    invoice = await Invoice.create(
        number='X', customer_id=blocker.id, idempotency_key='x', issue_date=date(2026, 1, 1), due_date=date(2026, 1, 1),
        currency='EUR', lines=[], vat_breakdown=[], net_total=0, vat_total=0, total=0, seller={}, buyer={},
    )  # fmt: skip
    # The registration's invoice gets the next id; queueing its email will hit this key's unique index.
    await OutboxMessage.create(
        kind=MessageKind.INVOICE, idempotency_key=f'invoice:{invoice.id + 1}:email', sender='', recipient='x@x.de',
        subject='', body_text='', body_html='', message_id='<x>', next_attempt_at=clock(),
    )  # fmt: skip
    with pytest.raises(IntegrityError):
        await create_customer(by=SYSTEM, draft=korean_draft(), welcome=welcome_draft(), clock=clock)
    assert await Customer.filter(email='minjun.kim@example.kr').count() == 0
    assert await Invoice.all().count() == 1
    view = await create_customer(by=SYSTEM, draft=spanish_draft())
    assert view.number == 'C-00001'  # the failed save returned its customer number


async def test_a_second_welcome_invoice_needs_an_explicit_request(db: str, clock: FakeClock) -> None:
    customer = await create_customer(by=SYSTEM, draft=spanish_draft())
    first, created = await send_welcome_invoice(
        customer_number=customer.number, draft=welcome_draft(), by=MEMBER, clock=clock
    )
    again, created_again = await send_welcome_invoice(
        customer_number=customer.number, draft=welcome_draft(), by=MEMBER, clock=clock
    )
    assert created and not created_again
    assert again.number == first.number == '2026-0001'
    another, created_another = await send_welcome_invoice(
        customer_number=customer.number, draft=welcome_draft(), by=MEMBER, another=True, clock=clock
    )
    assert created_another and another.number == '2026-0002'
    assert await OutboxMessage.filter(kind=MessageKind.INVOICE).count() == 2


async def test_concurrent_welcome_requests_create_one_invoice_and_one_message(db: str, clock: FakeClock) -> None:
    customer = await create_customer(by=SYSTEM, draft=spanish_draft())
    results = await asyncio.gather(
        *(
            send_welcome_invoice(customer_number=customer.number, draft=welcome_draft(), by=SYSTEM, clock=clock)
            for _ in range(5)
        )
    )
    assert {view.number for view, _ in results} == {'2026-0001'}
    assert sum(created for _, created in results) == 1
    assert await Invoice.all().count() == 1
    assert await OutboxMessage.filter(kind=MessageKind.INVOICE).count() == 1


async def test_invoice_numbers_are_gap_free_per_year_under_concurrent_saves(db: str, clock: FakeClock) -> None:
    customer = await create_customer(by=SYSTEM, draft=spanish_draft())
    views = await asyncio.gather(
        *(
            create_invoice(
                customer_number=customer.number, draft=welcome_draft(), request_key=f'form-{i}', by=SYSTEM, clock=clock
            )
            for i in range(20)
        )
    )
    assert sorted(view.number for view, _ in views) == [f'2026-{i:04d}' for i in range(1, 21)]
    clock.set(datetime(2027, 1, 1, 8, tzinfo=UTC))
    view, _ = await create_invoice(
        customer_number=customer.number, draft=welcome_draft(), request_key='new-year', by=SYSTEM, clock=clock
    )
    assert view.number == '2027-0001'


async def test_the_same_form_submitted_twice_creates_one_invoice(db: str, clock: FakeClock) -> None:
    customer = await create_customer(by=SYSTEM, draft=spanish_draft())
    first, _ = await create_invoice(
        customer_number=customer.number, draft=welcome_draft(), request_key='form-1', by=SYSTEM, clock=clock
    )
    second, created = await create_invoice(
        customer_number=customer.number, draft=welcome_draft(), request_key='form-1', by=SYSTEM, clock=clock
    )
    assert (second.id, created) == (first.id, False)


async def test_voiding_cancels_pending_emails_and_is_for_admins(db: str, clock: FakeClock) -> None:
    customer = await create_customer(by=SYSTEM, draft=spanish_draft())
    view, _ = await send_welcome_invoice(customer_number=customer.number, draft=welcome_draft(), by=SYSTEM, clock=clock)
    with pytest.raises(PermissionDenied):
        await void_invoice(invoice_id=view.id, reason='Wrong customer', by=MEMBER, clock=clock)
    voided = await void_invoice(invoice_id=view.id, reason='Wrong customer', by=SYSTEM, clock=clock)
    assert voided.status == InvoiceStatus.VOID
    assert {m.status for m in voided.messages} == {MessageStatus.CANCELLED}
    overview = await customer_invoices(customer.number, clock=clock)
    assert (overview.invoiced, overview.outstanding) == (Decimal(0), Decimal(0))


async def test_voiding_needs_a_reason_and_keeps_it(db: str, clock: FakeClock) -> None:
    customer = await create_customer(by=SYSTEM, draft=spanish_draft())
    view, _ = await send_welcome_invoice(customer_number=customer.number, draft=welcome_draft(), by=SYSTEM, clock=clock)
    for blank in ('', '   \n '):
        with pytest.raises(ValidationFailed) as refused:
            await void_invoice(invoice_id=view.id, reason=blank, by=SYSTEM, clock=clock)
        assert set(refused.value.errors) == {'reason'}
    with pytest.raises(ValidationFailed):
        await void_invoice(invoice_id=view.id, reason='x' * 201, by=SYSTEM, clock=clock)
    assert (await Invoice.get(id=view.id)).voided_at is None  # refused means untouched
    with pytest.raises(PermissionDenied):  # the reason does not replace the check of who is asking
        await void_invoice(invoice_id=view.id, reason='Wrong customer', by=MEMBER, clock=clock)
    voided = await void_invoice(invoice_id=view.id, reason='  Billed  the wrong\ncustomer ', by=SYSTEM, clock=clock)
    assert (voided.status, voided.void_reason) == (InvoiceStatus.VOID, 'Billed the wrong customer')
    assert voided.number == view.number
