"""Settings -> Audit log as an admin reads it: entries say which customer, by the number people use."""

from __future__ import annotations

from nicegui.testing import User

from services.core.actors import SYSTEM
from services.customers.registration import create_customer
from tests.factories import spanish_draft
from tests.ui.helpers import sign_in


async def test_the_log_names_the_customer_by_its_number(user: User) -> None:
    view = await create_customer(by=SYSTEM, draft=spanish_draft(name='Ana García'))
    await sign_in(user)
    await user.open('/settings/audit')
    await user.should_see(marker='audit-table', retries=20)
    rows = user.find(marker='audit-table').elements.pop().rows  # type: ignore[attr-defined]
    registered = next(row for row in rows if row['action'] == 'Customer registered')
    assert registered['target'].startswith(f'Customer {view.number}')
    assert list(rows[0]) == ['id', 'at', 'actor_name', 'action', 'target', 'change', 'client_address']
