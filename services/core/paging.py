"""Paging of server-side lists: which page and how many rows, read leniently so a mangled URL still shows a list."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

PAGE_SIZES = (25, 50, 100)
MAX_PAGE = 1_000_000


class PageRequest(BaseModel):
    """`page` (1-based, at most 1,000,000) and `per_page` (one of PAGE_SIZES); anything else becomes the default.

    Lists (customers, invoices) subclass it with their own filters and sort.
    """

    model_config = ConfigDict(frozen=True)

    page: int = 1
    per_page: int = PAGE_SIZES[0]

    @field_validator('page', mode='before')
    @classmethod
    def _page(cls, value: Any) -> int:
        return max(1, min(whole_or(value, 1), MAX_PAGE))

    @field_validator('per_page', mode='before')
    @classmethod
    def _per_page(cls, value: Any) -> int:
        number = whole_or(value, PAGE_SIZES[0])
        return number if number in PAGE_SIZES else PAGE_SIZES[0]


def whole_or(value: Any, default: int) -> int:
    """`int(value)`, or `default` when it cannot be read as one."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
