"""Category colours: distinct enough for a chart and its legend, dark enough for white chip text."""

from __future__ import annotations

import itertools
import math
import random

from tortoise.transactions import in_transaction

from models import Category
from services.customers.categories import PALETTE, category_colour, ensure_categories
from services.demo.seed import seed_demo


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    r, g, b = (_linear(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of `#rrggbb`."""
    r, g, b = (_linear(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(v: float) -> float:
        return v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def test_the_palette_colours_are_far_apart_and_carry_white_text() -> None:
    closest = min(itertools.combinations(PALETTE, 2), key=lambda pair: math.dist(lab(pair[0]), lab(pair[1])))
    assert math.dist(lab(closest[0]), lab(closest[1])) >= 20, closest
    assert all(1.05 / (luminance(colour) + 0.05) >= 4.5 for colour in PALETTE)


async def test_the_demo_categories_get_distinct_colours(db: str) -> None:
    await seed_demo(1, rng=random.Random(1))
    colours = await Category.all().order_by('id').values_list('colour', flat=True)
    first = colours[: len(PALETTE)]
    assert len(first) == min(len(colours), len(PALETTE)) >= 10
    assert len(set(first)) == len(first)


def test_a_new_category_skips_the_colours_in_use() -> None:
    own = category_colour('Gold')
    assert category_colour('Gold', [own.upper()]) != own
    assert category_colour('Gold', PALETTE) == own  # all in use: its own again
    assert category_colour('Gold', [c for c in PALETTE if c != PALETTE[3]]) == PALETTE[3]


async def test_categories_created_together_get_different_colours(db: str) -> None:
    async with in_transaction() as conn:
        made = await ensure_categories([f'Group {n}' for n in range(len(PALETTE))], conn)
    assert len({category.colour for category in made}) == len(PALETTE)
