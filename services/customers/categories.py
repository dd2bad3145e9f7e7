"""Categories (tags) with stable colours."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence

from pydantic import BaseModel
from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient

from models import Category
from services.core.events import customer_changed
from services.core.shared_reads import SharedReads

# Dark enough for white text on every one (contrast >= 4.5:1) and far apart from each other (CIE76 distance >= 20), so
# charts and chips tell categories apart (tests/services/customers/test_category_colours.py checks both).
PALETTE = (
    '#1565c0',  # blue
    '#00796b',  # teal
    '#6a1b9a',  # purple
    '#c62828',  # red
    '#a84300',  # orange
    '#5d4037',  # brown
    '#2e7d32',  # green
    '#ad1457',  # magenta
    '#37474f',  # slate
    '#283593',  # indigo
    '#6b6b00',  # olive
    '#aa00ff',  # violet
)


class CategoryView(BaseModel):
    id: int | None = None
    name: str
    colour: str
    customers: int = 0


def category_key(name: str) -> str:
    return ' '.join(name.split()).casefold()


def category_colour(name: str, used: Iterable[str] = ()) -> str:
    """The colour a new category gets: the palette colour its name points to, or, when that one is among `used`
    (the colours of the categories that exist), the next palette colour not in use; all in use: the name's own.
    Deterministic, so the form can show it before the category exists."""
    start = zlib.crc32(category_key(name).encode()) % len(PALETTE)
    taken = {colour.lower() for colour in used}
    turn = (PALETTE[(start + step) % len(PALETTE)] for step in range(len(PALETTE)))
    return next((colour for colour in turn if colour not in taken), PALETTE[start])


# Kept by triggers (models/migrations/0013_category_counts.py): one row per category, exact after every write.
COUNTS = 'SELECT category_id, customers, archived FROM category_count'

_shared = SharedReads()
customer_changed.subscribe(_shared.invalidate)  # categories are created and assigned only with customer changes


async def list_categories(*, include_archived: bool = False) -> list[CategoryView]:
    """Every category, by name, with the number of its customers (active ones unless `include_archived`)."""
    return await _shared.get(('categories', include_archived), lambda: _read_categories(include_archived))


async def _read_categories(include_archived: bool) -> list[CategoryView]:
    categories = await Category.all().order_by('name').values('id', 'name', 'colour')
    counts = await category_counts(include_archived=include_archived)
    return [
        CategoryView(id=row['id'], name=row['name'], colour=row['colour'], customers=counts.get(row['id'], 0))
        for row in categories
    ]


async def category_counts(*, include_archived: bool = False) -> dict[int, int]:
    """Customers per category id (active ones unless `include_archived`); categories without customers may be
    missing. Reads the trigger-kept counts table: one row per category, whatever the number of customers."""
    conn = Tortoise.get_connection('default')
    _, rows = await conn.execute_query(COUNTS)
    return {
        int(row['category_id']): int(row['customers']) - (0 if include_archived else int(row['archived']))
        for row in rows
    }


async def ensure_categories(names: Sequence[str], conn: BaseDBAsyncClient) -> list[Category]:
    """The categories with these names, creating the missing ones (case-insensitive match)."""
    by_key = {category_key(name): ' '.join(name.split()) for name in names}
    if not by_key:
        return []
    existing = await Category.all().using_db(conn).values_list('name_key', 'colour')
    known = dict(existing)
    used = [str(colour) for _, colour in existing]
    new = []
    for key, name in by_key.items():
        if key in known:
            continue
        colour = category_colour(name, used)
        used.append(colour)
        new.append(Category(name=name, name_key=key, colour=colour))
    await Category.bulk_create(new, ignore_conflicts=True, using_db=conn)
    return await Category.filter(name_key__in=list(by_key)).using_db(conn).order_by('name')
