"""Recording payments, statuses (draft, sent, partly paid, paid, overdue, void) and a customer's balances."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from models import Invoice, PaymentMethod
from services.core.actors import SYSTEM
from services.core.errors import ValidationFailed
from services.customers.registration import create_customer
from services.invoicing.invoices import create_invoice, void_invoice
from services.invoicing.payments import record_payment
from services.invoicing.status import InvoiceStatus
from services.invoicing.views import customer_invoices
from tests.clock import FakeClock
from tests.factories import set_up_company, spanish_draft, welcome_draft


async def pay(invoice_id: int, amount: str, clock: FakeClock, on: date = date(2026, 3, 1)) -> InvoiceStatus:
    view = await record_payment(
        invoice_id=invoice_id, amount=amount, paid_on=on, method=PaymentMethod.BANK_TRANSFER, by=SYSTEM, clock=clock
    )
    return view.status


async def test_status_follows_delivery_payments_and_the_due_date(db: str, clock: FakeClock) -> None:
    customer = await create_customer(by=SYSTEM, draft=spanish_draft())
    view, _ = await create_invoice(
        customer_number=customer.number, draft=welcome_draft(), request_key='a', by=SYSTEM, clock=clock
    )
    assert view.status == InvoiceStatus.DRAFT
    await Invoice.filter(id=view.id).update(sent_at=clock())
    assert await pay(view.id, '19.98', clock) == InvoiceStatus.PARTLY_PAID
    clock.set(datetime(2026, 3, 17, tzinfo=UTC))  # the day after the due date
    overview = await customer_invoices(customer.number, clock=clock)
    assert overview.invoices[0].status == InvoiceStatus.OVERDUE
    assert await pay(view.id, '200,00', clock) == InvoiceStatus.PAID


async def test_balances_add_up_invoiced_paid_outstanding_and_overdue(db: str, clock: FakeClock) -> None:
    customer = await create_customer(by=SYSTEM, draft=spanish_draft())
    ids = []
    for key, terms in (('a', '7'), ('b', '30'), ('c', '7')):
        view, _ = await create_invoice(
            customer_number=customer.number, draft=welcome_draft(payment_terms=terms), request_key=key, by=SYSTEM,
            clock=clock,
        )  # fmt: skip
        ids.append(view.id)
    await pay(ids[0], '100', clock)
    await void_invoice(invoice_id=ids[2], reason='Duplicate', by=SYSTEM, clock=clock)
    clock.set(datetime(2026, 3, 20, tzinfo=UTC))  # a is past due (03-09), b is not (04-01)
    overview = await customer_invoices(customer.number, clock=clock)
    statuses = [view.status for view in overview.invoices]
    assert statuses == [InvoiceStatus.VOID, InvoiceStatus.DRAFT, InvoiceStatus.OVERDUE]
    assert (overview.invoiced, overview.paid, overview.outstanding, overview.overdue) == (
        Decimal('439.96'),
        Decimal('100.00'),
        Decimal('339.96'),
        Decimal('119.98'),
    )


async def test_a_payment_above_the_open_amount_or_in_the_future_is_refused(db: str, clock: FakeClock) -> None:
    customer = await create_customer(by=SYSTEM, draft=spanish_draft())
    view, _ = await create_invoice(
        customer_number=customer.number, draft=welcome_draft(), request_key='a', by=SYSTEM, clock=clock
    )
    await pay(view.id, '200', clock)
    with pytest.raises(ValidationFailed) as failure:
        await pay(view.id, '20', clock)
    assert failure.value.errors == {'amount': 'At most the open amount of €19.98'}
    with pytest.raises(ValidationFailed) as failure:
        await pay(view.id, '-1', clock, on=date(2026, 3, 3))
    assert failure.value.errors == {'amount': 'An amount greater than 0', 'paid_on': 'The date cannot be in the future'}
    assert (await Invoice.get(id=view.id)).paid_total == Decimal('200.00')


SEOUL_MORNING = datetime(2026, 12, 1, 22, 56, tzinfo=UTC)  # 07:56 on Dec 2 in Seoul; Dec 1 in UTC
LA_EVENING = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # 19:00 on Dec 1 in Los Angeles; Dec 2 in UTC


@pytest.mark.parametrize(
    ('zone', 'moment', 'today'),
    [('Asia/Seoul', SEOUL_MORNING, date(2026, 12, 2)), ('America/Los_Angeles', LA_EVENING, date(2026, 12, 1))],
)
async def test_today_for_payments_and_overdue_is_the_company_date(
    db: str, clock: FakeClock, zone: str, moment: datetime, today: date
) -> None:
    await set_up_company(time_zone=zone)
    clock.set(moment)
    customer = await create_customer(by=SYSTEM, draft=spanish_draft())
    view, _ = await create_invoice(
        customer_number=customer.number, draft=welcome_draft(payment_terms='0'), request_key='a', by=SYSTEM,
        clock=clock,
    )  # fmt: skip
    assert view.issue_date == view.due_date == today
    with pytest.raises(ValidationFailed) as failure:  # tomorrow in the company's zone is the future
        await pay(view.id, '1', clock, on=today + timedelta(days=1))
    assert failure.value.errors == {'paid_on': 'The date cannot be in the future'}
    assert await pay(view.id, '1', clock, on=today) == InvoiceStatus.PARTLY_PAID  # today there is not
    clock.set(datetime.combine(today + timedelta(days=1), time(0, 30), ZoneInfo(zone)))  # past midnight there
    overview = await customer_invoices(customer.number, clock=clock)
    assert overview.invoices[0].status == InvoiceStatus.OVERDUE
