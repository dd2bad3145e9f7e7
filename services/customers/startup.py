"""What the customers package prepares when the database opens: the in-memory name index and missing search text."""

from __future__ import annotations

from services.customers.duplicates import name_index
from services.customers.list.search_index import index_missing_customers


async def prepare_customers() -> None:
    """Forget any name index of an earlier database, then index customers stored without search text."""
    name_index.reset()
    await index_missing_customers()
