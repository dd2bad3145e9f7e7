"""The outgoing queue as people steer it: paged, filtered and searched in the database; who may Retry, confirm
("It arrived") or Cancel is decided in the use case (admins: any message; members: their own customers' mail)."""

from __future__ import annotations

import pytest

from models import MessageStatus, OutboxMessage, Role, User
from services.core.actors import SYSTEM, Actor
from services.core.errors import PermissionDenied
from services.customers.registration import create_customer
from services.mail.outbox import (
    cancel_message,
    list_messages,
    mark_delivered,
    mark_many_delivered,
    retry_message,
    retry_messages,
)
from tests.clock import FakeClock
from tests.factories import korean_draft, set_up_company, spanish_draft, welcome_draft


async def member(email: str) -> Actor:
    user = await User.create(email=email, display_name=email.split('@')[0], role=Role.MEMBER)
    return Actor(id=user.id, name=user.display_name, role=Role.MEMBER, can_view_notes=False)


async def registered_by(actor: Actor, clock: FakeClock, **draft: str) -> OutboxMessage:
    draft_ = spanish_draft(**draft) if draft else korean_draft()
    customer = await create_customer(by=actor, draft=draft_, welcome=welcome_draft(reminders=False), clock=clock)
    return await OutboxMessage.get(invoice__customer_id=customer.id, kind='invoice')


async def test_members_steer_only_their_own_customers_mail_admins_any(db: str, clock: FakeClock) -> None:
    await set_up_company()
    mia, max_ = await member('mia@team.example'), await member('max@team.example')
    mine = await registered_by(mia, clock)
    theirs = await registered_by(max_, clock, email='jose@pena.es')
    await OutboxMessage.filter(id__in=[mine.id, theirs.id]).update(status=MessageStatus.UNKNOWN)

    for action in (retry_message, mark_delivered, cancel_message):
        with pytest.raises(PermissionDenied):
            await action(message_id=theirs.id, by=mia)
    assert (await OutboxMessage.get(id=theirs.id)).status == MessageStatus.UNKNOWN
    assert (await mark_delivered(message_id=mine.id, by=mia)).status == MessageStatus.SENT
    assert (await retry_message(message_id=theirs.id, by=SYSTEM)).status == MessageStatus.PENDING

    await OutboxMessage.filter(id__in=[mine.id, theirs.id]).update(status=MessageStatus.FAILED)
    result = await retry_messages(message_ids=[mine.id, theirs.id], by=mia)
    assert result.done == [mine.id] and list(result.skipped) == [theirs.id]
    assert 'Only admins' in result.skipped[theirs.id]
    result = await mark_many_delivered(message_ids=[theirs.id], by=SYSTEM)
    assert result.done == [] and 'unknown' in result.skipped[theirs.id]  # failed, not unknown: left alone


async def test_the_queue_is_paged_filtered_and_searched_in_the_database(db: str, clock: FakeClock) -> None:
    await set_up_company()
    first = await registered_by(SYSTEM, clock)
    second = await registered_by(SYSTEM, clock, email='jose@pena.es')
    await OutboxMessage.filter(id=first.id).update(status=MessageStatus.FAILED)
    failed = await list_messages(statuses=[MessageStatus.FAILED])
    assert [m.id for m in failed.rows] == [first.id] and failed.total == 1
    by_recipient = await list_messages(search='PENA.es')
    assert [m.id for m in by_recipient.rows] == [second.id]
    number = by_recipient.rows[0].invoice_number
    assert number and [m.id for m in (await list_messages(search=number)).rows] == [second.id]
    page = await list_messages(page=9, per_page=1)
    assert (page.page, page.total, len(page.rows)) == (2, 2, 1)  # past the end: the last page
