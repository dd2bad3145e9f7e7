"""Finding a customer by number, name or email (for pickers such as the one on the Invoices page)."""

from __future__ import annotations

from pydantic import BaseModel
from tortoise.expressions import Q

from models import Customer
from services.core.actors import Actor
from services.core.values.validation import name_key


class CustomerChoice(BaseModel):
    number: str
    name: str
    email: str

    @property
    def label(self) -> str:
        return f'{self.number} · {self.name}' + (f' · {self.email}' if self.email else '')


async def search_customers(text: str, *, by: Actor, limit: int = 20) -> list[CustomerChoice]:
    """Active customers whose number, name or email contains `text`, newest first (at most `limit`: a picker asks
    again as the person types). Every signed-in user may see every customer, as in the customer list."""
    query = Customer.filter(archived_at__isnull=True)
    text = text.strip()
    if text:
        query = query.filter(
            Q(number__icontains=text) | Q(name_key__contains=name_key(text)) | Q(email__icontains=text.lower())
        )
    rows = await query.order_by('-id').limit(limit).values('number', 'name', 'email')
    return [CustomerChoice(**row) for row in rows]
