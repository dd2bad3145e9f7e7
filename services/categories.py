"""Categories (tags) with stable colours."""

from __future__ import annotations

import zlib
from collections.abc import Sequence

from pydantic import BaseModel
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.functions import Count

from models import Category

# Saturated enough for white text on every one of them.
PALETTE = (
    '#1e6091',
    '#2a9d8f',
    '#6a4c93',
    '#c0392b',
    '#d35400',
    '#7f8c8d',
    '#16a085',
    '#8e44ad',
    '#b5651d',
    '#2c3e50',
    '#a61e4d',
    '#2f7d32',
)


class CategoryView(BaseModel):
    id: int | None = None
    name: str
    colour: str
    customers: int = 0


def category_key(name: str) -> str:
    return ' '.join(name.split()).casefold()


def category_colour(name: str) -> str:
    """The colour a category gets: derived from its name, so the form can show it before it exists."""
    return PALETTE[zlib.crc32(category_key(name).encode()) % len(PALETTE)]


async def list_categories() -> list[CategoryView]:
    rows = (
        await Category.all().annotate(count=Count('customers')).order_by('name').values('id', 'name', 'colour', 'count')
    )
    return [CategoryView(id=r['id'], name=r['name'], colour=r['colour'], customers=r['count']) for r in rows]


async def ensure_categories(names: Sequence[str], conn: BaseDBAsyncClient) -> list[Category]:
    """The categories with these names, creating the missing ones (case-insensitive match)."""
    by_key = {category_key(name): ' '.join(name.split()) for name in names}
    if not by_key:
        return []
    new = [Category(name=name, name_key=key, colour=category_colour(name)) for key, name in by_key.items()]
    await Category.bulk_create(new, ignore_conflicts=True, using_db=conn)
    return await Category.filter(name_key__in=list(by_key)).using_db(conn).order_by('name')
