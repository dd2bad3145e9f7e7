"""ISO 3166 countries, from pycountry."""

from __future__ import annotations

from functools import cache

import pycountry


@cache
def countries() -> dict[str, str]:
    """Alpha-2 code -> common name, sorted by name."""
    pairs = ((c.alpha_2, getattr(c, 'common_name', None) or c.name) for c in pycountry.countries)
    return dict(sorted(pairs, key=lambda pair: pair[1]))


def country_name(code: str) -> str:
    return countries().get(code.upper(), code)


def is_country(code: str) -> bool:
    return code.upper() in countries()
