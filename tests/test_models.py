"""Model docstrings become SQL table comments, and Tortoise splits migration SQL at every ';'."""

import pytest
from tortoise.models import Model

import models

MODELS = [value for value in vars(models).values() if isinstance(value, type) and issubclass(value, Model)]


@pytest.mark.parametrize('model', MODELS, ids=lambda model: model.__name__)
def test_model_docstring_is_safe_as_an_sql_comment(model: type[Model]) -> None:
    text = model.__doc__ or ''
    assert ';' not in text and "'" not in text and '*/' not in text
