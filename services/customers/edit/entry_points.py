"""How the table cell and the profile form call the one write path (`edit.change_customer`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from services.core.actors import Actor
from services.core.errors import ValidationFailed
from services.core.i18n import _
from services.customers.custom_fields import list_definitions
from services.customers.drafts import CustomerDraft, required_for
from services.customers.edit.change import change_customer
from services.customers.list.query import get_rows
from services.customers.list.spec import CustomerRow
from services.customers.registration_settings import get_company_settings
from services.customers.views import CustomerView

# The fields a table cell can change.
EDITABLE_FIELDS = ('name', 'email', 'phone', 'postal_code', 'city', 'country', 'categories')


async def update_customer_field(
    customer_id: int,
    field: str,
    value: Any,
    expected_version: int,
    by: Actor,
    *,
    seen: Any = None,
    confirmed_duplicates: Iterable[int] = (),
) -> CustomerRow:
    """Set one field from a table cell; returns the customer's new row.

    `seen` is the value the user saw when they started editing: when only other fields changed since then, the edit
    goes ahead (it cannot overwrite anything the user has not seen).

    Raises:
        ValidationFailed: the value is invalid (keyed by `field`); nothing is stored.
        StaleVersion: someone else changed this field (or, without `seen`, the customer) since `expected_version`.
        DuplicateFound: the new email, phone or tax ID is another customer's (not in `confirmed_duplicates`).
        NotFound: the customer no longer exists.
    """
    if field not in EDITABLE_FIELDS:
        raise ValidationFailed({field: _('This field cannot be changed in the table')})
    await change_customer(
        customer_id,
        {field: value},
        expected_version=expected_version,
        seen=None if seen is None else {field: seen},
        by=by,
        confirmed_duplicates=confirmed_duplicates,
    )
    return (await get_rows([customer_id]))[0]


async def required_for_edit(by: Actor) -> frozenset[str]:
    """Required fields when editing: as at registration, but notes are added on their own, never in the form."""
    settings = await get_company_settings()
    return required_for(settings.required, by) - {'note'}


async def update_customer(
    customer_id: int,
    draft: CustomerDraft,
    *,
    expected_version: int,
    by: Actor,
    action: str = 'customer.update',
    detail: str = '',
    confirmed_duplicates: Iterable[int] = (),
) -> CustomerView:
    """Save the profile's whole form when nobody else saved in between; only changed fields are written and recorded.

    Raises:
        ValidationFailed: like registration (same validators, same required fields).
        StaleVersion: the stored version is not `expected_version`; `.current` holds what is stored now.
        DuplicateFound: a changed email, phone or tax ID is another customer's (not in `confirmed_duplicates`).
    """
    definitions = await list_definitions()
    changes: dict[str, Any] = draft.model_dump(exclude={'note', 'custom'})
    changes['custom'] = {definition.key: draft.custom.get(definition.key) for definition in definitions}
    return await change_customer(
        customer_id,
        changes,
        expected_version=expected_version,
        by=by,
        action=action,
        detail=detail,
        confirmed_duplicates=confirmed_duplicates,
    )
