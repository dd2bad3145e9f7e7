"""ISO 3166 countries, from pycountry."""

from __future__ import annotations

from functools import cache
from typing import Any

import pycountry

from services.core.i18n import DEFAULT_LANGUAGE, current_language, locale_of


def countries() -> dict[str, str]:
    """Alpha-2 code -> name in the current language (CLDR via Babel; pycountry's common name where CLDR has none),
    sorted by name."""
    return _countries(current_language())


@cache
def _countries(language: str) -> dict[str, str]:
    territories = {} if language == DEFAULT_LANGUAGE else locale_of(language).territories  # English: pycountry's
    pairs = ((c.alpha_2, territories.get(c.alpha_2) or _english(c)) for c in pycountry.countries)
    return dict(sorted(pairs, key=lambda pair: pair[1]))


def _english(country: Any) -> str:
    return str(getattr(country, 'common_name', None) or country.name)


def country_name(code: str) -> str:
    return countries().get(code.upper(), code)


def is_country(code: str) -> bool:
    return code.upper() in countries()
