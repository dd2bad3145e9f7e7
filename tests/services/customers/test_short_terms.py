"""PostgreSQL's `customer_short_terms` (migrations 0021, 0023): the one- and two-character pieces of a search text
that the short-search index keeps, without the field separator. Compared with the same pieces worked out here."""

from __future__ import annotations

import asyncpg
import pytest

from services.customers.list.search_keys import FIELD_SEPARATOR

TEXTS = [
    '',
    'a',
    'ab',
    f'kim{FIELD_SEPARATOR}{FIELD_SEPARATOR}x',
    f'김민준{FIELD_SEPARATOR}ㄱㅁㅈ{FIELD_SEPARATOR}01012345678',
    f'tallerespena{FIELD_SEPARATOR}b64717838{FIELD_SEPARATOR}sevilla',
    f'{FIELD_SEPARATOR}aa{FIELD_SEPARATOR}',
]


def pieces(text: str) -> set[str]:
    return {text[i : i + n] for n in (1, 2) for i in range(len(text) - n + 1) if FIELD_SEPARATOR not in text[i : i + n]}


@pytest.mark.parametrize('text', TEXTS)
async def test_short_terms_are_every_one_and_two_character_piece(postgres_database: str, text: str) -> None:
    connection = await asyncpg.connect(postgres_database.replace('postgres://', 'postgresql://', 1))
    try:
        terms = await connection.fetchval('SELECT customer_short_terms($1::text)', text)
    finally:
        await connection.close()
    assert set(terms) == pieces(text)
