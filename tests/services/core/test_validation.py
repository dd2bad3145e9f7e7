"""The validation matrix: what the form accepts, how it stores it, and what it tells the user."""

import re
from collections.abc import Callable

import pytest

from services.core.i18n import language
from services.core.values.validation import (
    Check,
    Status,
    check_email,
    check_name,
    check_payment_terms,
    check_phone,
    check_postal_code,
    check_tax_id,
    email_key,
    format_phone,
    name_key,
)


@pytest.mark.parametrize(
    ('raw', 'stored'),
    [
        ('ana@example.com', 'ana@example.com'),
        ('  Foo@Example.COM ', 'Foo@example.com'),
        ('user+tag@sub.example.co.kr', 'user+tag@sub.example.co.kr'),
        ('José.Martínez@correo.es', 'José.Martínez@correo.es'),
        ('Jane.Doe@Example.com', 'Jane.Doe@example.com'),
        ('İstanbul@example.com', 'İstanbul@example.com'),
        ('billing@BÜCHER.example', 'billing@bücher.example'),
    ],
)
def test_valid_emails_keep_the_local_part_and_lower_the_domain(raw: str, stored: str) -> None:
    check = check_email(raw)
    assert check.status == Status.OK
    assert check.value == stored


@pytest.mark.parametrize(
    ('raw', 'message'),
    [
        ('ana@', 'There must be something after the @-sign.'),
        ('@example.com', 'There must be something before the @-sign.'),
        ('ana.example.com', 'An email address must have an @-sign.'),
        ('ana\uff20example.com', 'full-width'),
        ('ana@example', 'needs a period'),
        ('ana@exa mple.com', 'cannot contain spaces'),
        ('ana@exa_mple.com', "Characters not allowed after the @-sign: '_'"),
        ('a<na@example.com', "Characters not allowed before the @-sign: '<'"),
        ('.ana@example.com', 'cannot start or end with a period'),
        ('ana@@example.com', 'only one @-sign'),
        ('ana@example..com', 'two periods in a row'),
        ('ana@-example.com', 'hyphen'),
        ('ana@example.invalid', 'not a domain that can receive email'),
    ],
)
def test_invalid_emails_say_what_is_wrong(raw: str, message: str) -> None:
    check = check_email(raw)
    assert check.status == Status.ERROR
    assert message in check.message


@pytest.mark.parametrize(
    ('raw', 'country', 'e164', 'shown'),
    [
        ('010-1234-5678', 'KR', '+821012345678', '+82 10-1234-5678'),
        ('02-312-3456', 'KR', '+8223123456', '+82 2-312-3456'),
        ('612 34 56 78', 'ES', '+34612345678', '+34 612 34 56 78'),
        ('030 12345678', 'DE', '+493012345678', '+49 30 12345678'),
        ('01 42 68 53 00', 'FR', '+33142685300', '+33 1 42 68 53 00'),
        ('(415) 555-2671', 'US', '+14155552671', '+1 415-555-2671'),
        ('020 7946 0958', 'GB', '+442079460958', '+44 20 7946 0958'),
        ('+49 30 12345678', 'KR', '+493012345678', '+49 30 12345678'),
    ],
)
def test_phone_numbers_are_stored_e164_and_shown_international(raw: str, country: str, e164: str, shown: str) -> None:
    check = check_phone(raw, country)
    assert (check.status, check.value, check.display) == (Status.OK, e164, shown)


@pytest.mark.parametrize(
    ('raw', 'country'),
    [
        ('010-1234', 'KR'),
        ('612 34', 'ES'),
        ('12', 'DE'),
        ('01 42', 'FR'),
        ('555-1234', 'US'),
        ('0207 946', 'GB'),
        ('abc', 'FR'),
    ],
)
def test_invalid_phone_numbers_are_errors(raw: str, country: str) -> None:
    check = check_phone(raw, country)
    assert check.status == Status.ERROR
    assert 'phone number' in check.message


# Valid and invalid examples from python-stdnum's own module documentation.
@pytest.mark.parametrize(
    ('raw', 'country', 'stored', 'scheme'),
    [
        ('116-82-00276', 'KR', '1168200276', 'South Korea Business Registration Number'),
        ('B64717838', 'ES', 'ESB64717838', 'Spanish VAT number'),
        ('DE 136,695 976', 'DE', 'DE136695976', 'German VAT number'),
        ('136695976', 'DE', 'DE136695976', 'German VAT number'),
        ('23334175221', 'FR', 'FR23334175221', 'French VAT number'),
        ('91-1144442', 'US', '911144442', 'Employer Identification Number'),
        ('GB 980 7806 84', 'GB', '980780684', 'United Kingdom'),
    ],
)
def test_valid_tax_ids_are_compacted_and_name_their_scheme(raw: str, country: str, stored: str, scheme: str) -> None:
    check = check_tax_id(raw, country)
    assert check.status == Status.OK
    assert check.value == stored
    assert scheme in check.detail


@pytest.mark.parametrize(
    ('raw', 'country'),
    [
        ('123456789', 'KR'),
        ('B64717839', 'ES'),
        ('DE 136 695 978', 'DE'),
        ('84 323 140 391', 'FR'),
        ('07-3456789', 'US'),
        ('802311781', 'GB'),
    ],
)
def test_invalid_tax_ids_are_errors(raw: str, country: str) -> None:
    check = check_tax_id(raw, country)
    assert check.status == Status.ERROR
    assert check.message.startswith('Not a valid')


@pytest.mark.parametrize(
    ('raw', 'country', 'kind', 'message'),
    [
        ('B64717839', 'ES', 'company', 'Not a valid NIF: the check digit does not match'),
        ('1168200277', 'KR', 'company', 'Not a valid business registration number: the check digit does not match'),
        ('116820027', 'KR', 'company', 'Not a valid business registration number: it should have 10 digits'),
        ('12-34567', 'US', 'company', 'Not a valid EIN (employer identification number): it should have 9 digits'),
        ('1234567', 'CL', 'company', 'Not a valid RUT: it should have 8 or 9 digits'),
        ('00-0000000', 'US', 'company', 'Not a valid EIN (employer identification number): a part of it'),
    ],
)
def test_invalid_tax_ids_say_what_is_wrong(raw: str, country: str, kind: str, message: str) -> None:
    assert check_tax_id(raw, country, kind).message.startswith(message)


BAD_EMAILS = ['ana@', '@x.com', 'ana', 'ana\uff20x.com', 'ana@x', 'a b@x.com', 'ana@x_y.com', 'a<b@x.com', '.a@x.com',
              'ana@@x.com', 'a@x..com', 'a@-x.com', 'a@example.invalid', '"a"@x.com', 'a@[1.2.3.4]']  # fmt: skip
BAD_TAX_IDS = [('B64717839', 'ES'), ('B6471783', 'ES'), ('X', 'ES'), ('1168200277', 'KR'), ('11682', 'KR'),
               ('12-34567', 'US'), ('00-0000000', 'US'), ('DE 136 695 978', 'DE'), ('802311781', 'GB'), ('1', 'MX'),
               ('20-1234567-0', 'AR'), ('1234567', 'CL'), ('ABC', 'CO'), ('1', 'PE')]  # fmt: skip
# Words of the English reasons email_validator and python-stdnum give (and of our English messages).
ENGLISH = re.compile(
    r'\b(the|number|has|invalid|must|email|address|part|after|before|sign|checksum|check|digits?|characters|length|'
    r'format|domain|valid|not|should|period|hyphen|spaces|employer|business)\b'
)


@pytest.mark.parametrize('code', ['ko', 'es'])
def test_every_refusal_of_an_email_or_tax_id_is_in_the_users_language(code: str) -> None:
    with language(code):
        messages = [check_email(raw).message for raw in BAD_EMAILS]
        messages += [check_tax_id(raw, country).message for raw, country in BAD_TAX_IDS]
        messages += [check_tax_id('12345678', 'US', 'person').message]
    assert all(messages)
    assert [message for message in messages if ENGLISH.search(message.replace('example.com', ''))] == []


@pytest.mark.parametrize(
    ('code', 'check', 'message'),
    [
        ('ko', lambda: check_email('ana@@x.com'), '이메일 주소에는 @ 기호가 하나만 있어야 합니다.'),
        ('es', lambda: check_email('ana@@x.com'), 'Una dirección de correo solo puede tener una arroba (@).'),
        ('ko', lambda: check_email('ana@example'), '@ 뒷부분에는 example.com처럼 마침표(.)가 있어야 합니다.'),
        ('es', lambda: check_email('ana.example.com'), 'Una dirección de correo debe tener una arroba (@).'),
        ('es', lambda: check_tax_id('B64717839', 'ES'), 'No es un NIF válido: el dígito de control no coincide'),
        ('es', lambda: check_tax_id('1234567', 'CL'), 'No es un RUT válido: debe tener 8 o 9 dígitos'),
        (
            'ko',
            lambda: check_tax_id('1168200277', 'KR'),
            '유효한 사업자등록번호이(가) 아닙니다: 검증 번호가 맞지 않습니다',
        ),
        (
            'ko',
            lambda: check_tax_id('12-34567', 'US'),
            '유효한 EIN(미국 고용주 식별번호)이(가) 아닙니다: 9자리 숫자여야 합니다',
        ),
    ],
)
def test_refusals_read_naturally_in_korean_and_spanish(code: str, check: Callable[[], Check], message: str) -> None:
    with language(code):
        assert check().message == message


def test_tax_id_of_unknown_scheme_is_accepted_but_marked_not_checked() -> None:
    check = check_tax_id('12 345', 'AQ')
    assert check.status == Status.HINT
    assert check.value == '12345'
    assert check.message.startswith('Not checked')


def test_eu_vat_number_of_another_country_is_a_hint() -> None:
    check = check_tax_id('FR 61 954 506 077', 'DE')
    assert check.status == Status.HINT
    assert 'another country' in check.message


@pytest.mark.parametrize(
    ('raw', 'country', 'stored'),
    [
        ('04524', 'KR', '04524'),
        ('28013', 'ES', '28013'),
        ('10115', 'DE', '10115'),
        ('75008', 'FR', '75008'),
        ('94103', 'US', '94103'),
        ('90210-1234', 'US', '90210-1234'),
        ('sw1a 1aa', 'GB', 'SW1A 1AA'),
    ],
)
def test_valid_postal_codes(raw: str, country: str, stored: str) -> None:
    check = check_postal_code(raw, country)
    assert (check.status, check.value) == (Status.OK, stored)


@pytest.mark.parametrize(
    ('raw', 'country'),
    [
        ('4524', 'KR'),
        ('2801', 'ES'),
        ('1011', 'DE'),
        ('7500', 'FR'),
        ('9410', 'US'),
        ('SW1A', 'GB'),
    ],
)
def test_invalid_postal_codes_give_an_example(raw: str, country: str) -> None:
    check = check_postal_code(raw, country)
    assert check.status == Status.ERROR
    assert 'for example' in check.message


@pytest.mark.parametrize(
    ('country', 'valid', 'invalid'),
    [
        # Correos: the first two digits are the province, 01 to 52 (51 Ceuta, 52 Melilla).
        ('ES', ['01001', '28013', '50999', '51001', '52006'], ['00000', '53000', '99000', '60123']),
        # Korea Post: 01 (Seoul) to 63 (Jeju, up to 63644); 00, 09, 19, 20, 60, 64-99 unassigned.
        ('KR', ['01000', '03051', '04524', '30100', '48058', '63644'], ['00000', '09000', '20000', '64000', '99999']),
        # USPS: 000-004 are no state's; 005 is only 00501 and 00544; 006-009 Puerto Rico, Virgin Islands, APO AE.
        (
            'US',
            ['00501', '00544', '00601', '09001', '10001', '99950', '22162-1010'],
            ['00000', '00123', '00502', '42801'],
        ),
    ],
)
def test_postal_codes_begin_as_a_province_or_state_does(country: str, valid: list[str], invalid: list[str]) -> None:
    assert [check_postal_code(code, country).status for code in valid] == [Status.OK] * len(valid)
    assert [check_postal_code(code, country).status for code in invalid] == [Status.ERROR] * len(invalid)


def test_postal_code_of_country_without_format_is_a_hint() -> None:
    assert check_postal_code('999077', 'HK').status == Status.HINT


@pytest.mark.parametrize(
    ('one', 'other'),
    [
        ('Jane.Doe@Example.com', 'jane.doe@example.com'),
        ('İstanbul@example.com', 'i̇stanbul@EXAMPLE.com'),
        ('billing@bücher.example', 'BILLING@xn--bcher-kva.example'),
    ],
)
def test_duplicates_compare_emails_on_a_case_folded_key(one: str, other: str) -> None:
    assert email_key(check_email(one).value) == email_key(check_email(other).value)


@pytest.mark.parametrize(
    ('raw', 'country', 'stored', 'shown'),
    [
        ('(201) 555-0123 x123', 'US', '+12015550123;ext=123', '+1 201-555-0123 ext. 123'),
        ('+1 201 555 0123 ext. 45', 'KR', '+12015550123;ext=45', '+1 201-555-0123 ext. 45'),
        ('030 12345678 #12', 'DE', '+493012345678;ext=12', '+49 30 12345678 ext. 12'),
    ],
)
def test_phone_extensions_are_stored_and_shown(raw: str, country: str, stored: str, shown: str) -> None:
    check = check_phone(raw, country)
    assert (check.status, check.value, check.display) == (Status.OK, stored, shown)
    assert format_phone(check.value) == shown


def test_name_is_trimmed_and_hints_are_not_errors() -> None:
    assert check_name('  Ana García ').value == 'Ana García'
    double = check_name('Ana  García')
    assert (double.status, double.message) == (Status.HINT, 'Contains double spaces')
    caps = check_name('ACME GMBH')
    assert (caps.status, caps.message) == (Status.HINT, 'Written in capitals only')
    assert check_name('IBM').status == Status.OK  # short acronyms are fine


def test_payment_terms() -> None:
    assert check_payment_terms('14').value == 14
    assert check_payment_terms('1.5').status == Status.ERROR
    assert check_payment_terms('400').message == 'At most 365 days'


def test_name_key_ignores_case_accents_and_spacing() -> None:
    assert name_key('José  MÜLLER ') == name_key('jose muller') == 'jose muller'
