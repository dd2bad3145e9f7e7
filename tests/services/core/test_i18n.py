"""Languages: choosing one, translating into it, and falling back to English."""

import pytest

from services.core.i18n import (
    LANGUAGES,
    _,
    current_language,
    from_accept_language,
    language,
    locale_of,
    ngettext,
    ranked_tags,
    set_language_resolver,
    supported_language,
)


@pytest.mark.parametrize(
    ('header', 'expected'),
    [
        ('ko-KR,ko;q=0.9,en-US;q=0.8', 'ko'),
        ('fr-FR, es;q=0.7, en;q=0.3', 'es'),
        ('en;q=0.2, es-419;q=0.8', 'es'),
        ('de-DE', 'en'),
        ('', 'en'),
        ('ko;q=0', 'en'),
        ('es;q=abc, ko', 'ko'),
    ],
)
def test_the_browser_language_is_the_best_supported_one(header: str, expected: str) -> None:
    assert from_accept_language(header) == expected


def test_codes_are_reduced_to_a_supported_language() -> None:
    assert [supported_language(code) for code in ('ko_KR', 'es-MX', 'EN', 'fr', None)] == ['ko', 'es', 'en', 'en', 'en']
    assert set(LANGUAGES) >= {'en', 'ko', 'es'}


def test_an_explicit_language_wins_over_the_resolver_and_ends_with_its_block() -> None:
    set_language_resolver(lambda: 'es')
    try:
        assert (current_language(), _('Customers')) == ('es', 'Clientes')
        with language('ko'):
            assert (_('Customers'), locale_of().language) == ('고객', 'ko')
        assert current_language() == 'es'
    finally:
        set_language_resolver(lambda: None)
    assert (current_language(), _('Customers')) == ('en', 'Customers')


def test_a_failing_resolver_means_english() -> None:
    def outside_a_page() -> str:
        raise RuntimeError('no slot')

    set_language_resolver(outside_a_page)
    try:
        assert current_language() == 'en'
    finally:
        set_language_resolver(lambda: None)


def test_plural_forms_follow_the_language() -> None:
    with language('en'):
        assert [ngettext('{n} customer', '{n} customers', n) for n in (1, 2)] == ['{n} customer', '{n} customers']


@pytest.mark.parametrize(
    ('header', 'expected'),
    [
        ('ko-KR,ko;q=0.9,en-US;q=0.8', ['ko-KR', 'ko', 'en-US']),
        ('en;q=0.2, es-419;q=0.8', ['es-419', 'en']),
        ('fr-FR;q=0, es_MX', ['es_MX']),
        ('es;q=abc, ko', ['ko']),
        ('', []),
    ],
)
def test_the_browser_languages_are_ranked_by_quality_then_position(header: str, expected: list[str]) -> None:
    assert ranked_tags(header) == expected
