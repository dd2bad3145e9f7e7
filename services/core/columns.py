"""Limits the models define, read from the models so they are written in one place."""

from __future__ import annotations

from tortoise.fields import CharField
from tortoise.models import Model


def column_length(model: type[Model], column: str) -> int:
    """The `max_length` of `model`'s CharField `column` (AssertionError for any other kind of field)."""
    field = model._meta.fields_map[column]
    assert isinstance(field, CharField), column
    return field.max_length
