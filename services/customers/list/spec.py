"""What a customer table asks for and gets back: the query (validated from a URL or a click), rows and pages.

Plain data only; `sql` builds statements from it and `query` runs them.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from services.core.paging import PageRequest

# Sort keys, named after the fields they sort by, and the column each sorts on (whitelisted SQL text).
SORT_COLUMNS = {
    'number': 'c.number',
    'name': 'c.name_key',
    'email': 'c.email',
    'phone': 'c.phone',
    'postal_code': 'c.postal_code',
    'city': 'c.city',
    'country': 'c.country',
    'categories': 'c.category_sort',
    'created': 'c.created_at',
}
SORTABLE = tuple(SORT_COLUMNS)
MAX_SEARCH_LENGTH = 100
MAX_FILTER_CATEGORIES = 50
# Fields that decide whether a customer matches a search term (the country decides the tax ID's prefix variant).
SEARCHED_FIELDS = frozenset(
    {'number', 'name', 'contact_person', 'email', 'phone', 'tax_id', 'country', 'city', 'postal_code'}
)


class MatchMode(StrEnum):
    ANY = 'any'
    ALL = 'all'


class ListQuery(PageRequest):
    """What one table shows. Anything out of range falls back to the default, so a mangled URL still works."""

    model_config = ConfigDict(frozen=True)

    search: str = ''
    category_ids: tuple[int, ...] = ()
    mode: MatchMode = MatchMode.ANY
    sort: str = 'number'
    descending: bool = True
    archived: bool = False
    # The Reports page's drill-down: customers with a non-void invoice in the company currency issued in these days,
    # or with a payment received in them (on such an invoice); `uncategorised`: customers without any category.
    invoiced_in: tuple[date, date] | None = None
    paid_in: tuple[date, date] | None = None
    uncategorised: bool = False

    def changed(self, **changes: Any) -> ListQuery:
        """A copy with some values changed, checked like a new query."""
        return ListQuery.model_validate({**self.model_dump(), **changes})

    @field_validator('search', mode='before')
    @classmethod
    def _search(cls, value: Any) -> str:
        return ' '.join(str(value or '').split())[:MAX_SEARCH_LENGTH]

    @field_validator('category_ids', mode='before')
    @classmethod
    def _category_ids(cls, value: Any) -> tuple[int, ...]:
        ids = {int(item) for item in value or () if str(item).isdigit()}
        return tuple(sorted(ids))[:MAX_FILTER_CATEGORIES]

    @field_validator('mode', mode='before')
    @classmethod
    def _mode(cls, value: Any) -> MatchMode:
        return MatchMode.ALL if value == MatchMode.ALL else MatchMode.ANY

    @field_validator('invoiced_in', 'paid_in', mode='before')
    @classmethod
    def _days(cls, value: Any) -> tuple[date, date] | None:
        return _period(value)

    @field_validator('sort', mode='before')
    @classmethod
    def _sort(cls, value: Any) -> str:
        return value if value in SORT_COLUMNS else 'number'


class CustomerRow(BaseModel):
    """A customer as a table row. `phone` is formatted for display; `category_ids` refer to the category list."""

    id: int
    number: str
    name: str
    email: str
    phone: str
    postal_code: str
    city: str
    country: str
    category_ids: list[int]
    created_at: datetime
    version: int
    archived: bool
    custom: dict[str, str | bool] = {}  # active custom field key -> shown value (yes/no: a bool, see shown_text)


class CustomerPage(BaseModel):
    rows: list[CustomerRow]
    total: int
    page: int
    per_page: int
    none_yet: bool = False  # no customer was ever saved (not even an archived one): a first start, not a filter


class Effect(StrEnum):
    """What a change means for a table that shows `ListQuery`: nothing, one row to redraw, or the page to reload."""

    NONE = 'none'
    ROW = 'row'
    PAGE = 'page'


def _period(value: Any) -> tuple[date, date] | None:
    """`(first, last)` from dates or ISO texts, or from `"YYYY-MM-DD..YYYY-MM-DD"`; anything else is no filter."""
    if isinstance(value, str):
        value = value.split('..')
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        return None
    try:
        first, last = (item if isinstance(item, date) else date.fromisoformat(str(item)) for item in value)
    except ValueError:
        return None
    return (first, last) if first <= last else None


def period_text(value: tuple[date, date] | None) -> str:
    return f'{value[0].isoformat()}..{value[1].isoformat()}' if value else ''
