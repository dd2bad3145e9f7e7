"""Paste a contact block: ten realistic blocks (written for this test) and the fields the form gets from each."""

import pytest

from services.customers.drafts import CustomerDraft, check_draft
from services.customers.paste_contact import read_contact_block

GERMAN_SIGNATURE = """Mit freundlichen Grüßen

Anna Schmidt
Leiterin Einkauf

Bäckerei Müller GmbH
Hauptstraße 5
10115 Berlin
Tel.: +49 30 12345678
Fax: +49 30 12345679
anna.schmidt@mueller-backwaren.de
USt-IdNr.: DE136695976
"""

GERMAN_IMPRINT = """Impressum
Schreinerei Holzwurm UG (haftungsbeschränkt)
Vertreten durch: Thomas Becker
Gartenweg 17a
80331 München
Telefon: 089 / 123 456 78
E-Mail: info@holzwurm-schreinerei.de
Umsatzsteuer-ID: DE 136 695 976
Web: https://www.holzwurm-schreinerei.de/kontakt
"""

SPANISH_SIGNATURE = """Un saludo,

José García López
Director Comercial
Talleres Peña S.L.
Calle Mayor 12, 2º B
28013 Madrid
Tel. 912 345 678 | Móvil 612 34 56 78
jose.garcia@talleres-pena.es
CIF: B64717838
"""

SPANISH_WEB_CONTACT = """Contacto
Clínica Dental Sonrisa, S.L.P.
Avenida de la Constitución 45
41001 Sevilla (España)
Teléfono: +34 954 22 33 44
Email: citas@clinicasonrisa.es
NIF B91234567
"""

KOREAN_CARD = """주식회사 한빛소프트웨어
김민준 대표이사
서울특별시 중구 세종대로 110 (04524)
T. 02-1234-5678  M. 010-9876-5432
F. 02-1234-5679
minjun.kim@hanbit.co.kr
사업자등록번호 123-45-67891
"""

KOREAN_SIGNATURE = """감사합니다.

(주)가온디자인 | 마케팅팀
이서연 과장
우) 48058 부산광역시 해운대구 센텀중앙로 97
전화 +82 51-745-1234
팩스 051-745-1235
seoyeon.lee@gaon-design.kr
"""

ENGLISH_SIGNATURE = """Kind regards,

Oliver Bennett
Operations Manager
Bennett & Hale Ltd
221 Baker Street
London NW1 6XE
United Kingdom
Direct: +44 20 7946 0958
oliver.bennett@bennetthale.co.uk
VAT Reg No: GB 980 7806 84
"""

ENGLISH_WEB_CONTACT = """Contact Us
Sunrise Bakery LLC
Attn: Emily Carter
1450 Market Street, Suite 200
San Francisco, CA 94103
USA
Phone: (415) 362-0400
hello@sunrisebakery.com
EIN: 12-3456789
"""

ENGLISH_FREELANCER = """Sarah O'Connor
Freelance Photographer
Mobile +49 151 23456789
sarah@oconnor-photo.com
Lindenallee 8, 50968 Köln
"""

SPANISH_CARD = """María Fernández Ruiz
Arquitecta
C/ Sierpes 8, 3º
41004 Sevilla
+34 600 123 456
maria@fernandezarquitectura.es
NIF 12345678Z
"""

BLOCKS = [
    (
        'german signature',
        GERMAN_SIGNATURE,
        'DE',
        {
            'kind': 'company',
            'name': 'Bäckerei Müller GmbH',
            'contact_person': 'Anna Schmidt',
            'email': 'anna.schmidt@mueller-backwaren.de',
            'phone': '+49 30 12345678',
            'street': 'Hauptstraße 5',
            'postal_code': '10115',
            'city': 'Berlin',
            'tax_id': 'DE136695976',
        },
    ),
    (
        'german imprint',
        GERMAN_IMPRINT,
        'DE',
        {
            'kind': 'company',
            'name': 'Schreinerei Holzwurm UG (haftungsbeschränkt)',
            'contact_person': 'Thomas Becker',
            'email': 'info@holzwurm-schreinerei.de',
            'phone': '+49 89 12345678',
            'street': 'Gartenweg 17a',
            'postal_code': '80331',
            'city': 'München',
            'tax_id': 'DE136695976',
        },
    ),
    (
        'spanish signature',
        SPANISH_SIGNATURE,
        'ES',
        {
            'kind': 'company',
            'name': 'Talleres Peña S.L.',
            'contact_person': 'José García López',
            'email': 'jose.garcia@talleres-pena.es',
            'phone': '+34 912 34 56 78',
            'street': 'Calle Mayor 12, 2º B',
            'postal_code': '28013',
            'city': 'Madrid',
            'tax_id': 'ESB64717838',
        },
    ),
    (
        'spanish web contact, pasted into a German form',
        SPANISH_WEB_CONTACT,
        'DE',
        {
            'country': 'ES',
            'kind': 'company',
            'name': 'Clínica Dental Sonrisa, S.L.P.',
            'email': 'citas@clinicasonrisa.es',
            'phone': '+34 954 22 33 44',
            'street': 'Avenida de la Constitución 45',
            'postal_code': '41001',
            'city': 'Sevilla',
            'tax_id': 'ESB91234567',
        },
    ),
    (
        'korean business card',
        KOREAN_CARD,
        'KR',
        {
            'kind': 'company',
            'name': '주식회사 한빛소프트웨어',
            'contact_person': '김민준',
            'email': 'minjun.kim@hanbit.co.kr',
            'phone': '+82 2-1234-5678',
            'street': '중구 세종대로 110',
            'postal_code': '04524',
            'city': '서울특별시',
            'tax_id': '123-45-67891',
        },
    ),
    (
        'korean signature, pasted into a German form',
        KOREAN_SIGNATURE,
        'DE',
        {
            'country': 'KR',
            'kind': 'company',
            'name': '(주)가온디자인',
            'contact_person': '이서연',
            'email': 'seoyeon.lee@gaon-design.kr',
            'phone': '+82 51-745-1234',
            'street': '해운대구 센텀중앙로 97',
            'postal_code': '48058',
            'city': '부산광역시',
        },
    ),
    (
        'english signature, pasted into a German form',
        ENGLISH_SIGNATURE,
        'DE',
        {
            'country': 'GB',
            'kind': 'company',
            'name': 'Bennett & Hale Ltd',
            'contact_person': 'Oliver Bennett',
            'email': 'oliver.bennett@bennetthale.co.uk',
            'phone': '+44 20 7946 0958',
            'street': '221 Baker Street',
            'postal_code': 'NW1 6XE',
            'city': 'London',
            'tax_id': '980 7806 84',
        },
    ),
    (
        'english web contact',
        ENGLISH_WEB_CONTACT,
        'US',
        {
            'kind': 'company',
            'name': 'Sunrise Bakery LLC',
            'contact_person': 'Emily Carter',
            'email': 'hello@sunrisebakery.com',
            'phone': '+1 415-362-0400',
            'street': '1450 Market Street, Suite 200',
            'postal_code': '94103',
            'city': 'San Francisco',
            'tax_id': '12-3456789',
        },
    ),
    (
        'english freelancer in Germany',
        ENGLISH_FREELANCER,
        'DE',
        {
            'kind': 'person',
            'name': "Sarah O'Connor",
            'email': 'sarah@oconnor-photo.com',
            'phone': '+49 1512 3456789',
            'street': 'Lindenallee 8',
            'postal_code': '50968',
            'city': 'Köln',
        },
    ),
    (
        'spanish business card of a person',
        SPANISH_CARD,
        'ES',
        {
            'kind': 'person',
            'name': 'María Fernández Ruiz',
            'email': 'maria@fernandezarquitectura.es',
            'phone': '+34 600 12 34 56',
            'street': 'C/ Sierpes 8, 3º',
            'postal_code': '41004',
            'city': 'Sevilla',
            'tax_id': 'ES12345678Z',
        },
    ),
]


@pytest.mark.parametrize(('text', 'country', 'expected'), [block[1:] for block in BLOCKS], ids=[b[0] for b in BLOCKS])
def test_each_block_fills_the_fields_it_contains(text: str, country: str, expected: dict[str, str]) -> None:
    assert read_contact_block(text, country).values == expected


@pytest.mark.parametrize(('text', 'country', 'expected'), [block[1:] for block in BLOCKS], ids=[b[0] for b in BLOCKS])
def test_what_is_filled_passes_the_forms_checks(text: str, country: str, expected: dict[str, str]) -> None:
    values = read_contact_block(text, country).values
    draft = CustomerDraft(**{'country': country, **values})
    report = check_draft(draft, frozenset(), [])
    assert report.errors == {}


def test_names_and_street_are_marked_as_guesses() -> None:
    pasted = read_contact_block(GERMAN_SIGNATURE, 'DE')
    assert pasted.guesses == {'name', 'contact_person', 'street'}
    assert not {'email', 'phone', 'postal_code', 'city', 'tax_id'} & pasted.guesses


def test_a_fax_number_is_never_taken_for_the_phone() -> None:
    pasted = read_contact_block('Fax: +49 30 12345679\nTelefon: +49 30 12345678', 'DE')
    assert pasted.values['phone'] == '+49 30 12345678'


def test_text_without_contact_details_fills_nothing() -> None:
    assert read_contact_block('Thanks for the quick reply! See you on Monday.', 'DE').values == {}
    assert read_contact_block('', 'KR').values == {}


def test_the_email_domain_suggests_the_country_when_nothing_else_names_it() -> None:
    pasted = read_contact_block(SPANISH_SIGNATURE, 'US')  # the server guessed another default country
    assert pasted.values['country'] == 'ES'
    assert 'country' in pasted.guesses
    assert (pasted.values['phone'], pasted.values['tax_id']) == ('+34 912 34 56 78', 'ESB64717838')
    named = read_contact_block(ENGLISH_SIGNATURE, 'DE')  # 'United Kingdom' is written in the block
    assert 'country' not in named.guesses
    assert 'country' not in read_contact_block(ENGLISH_FREELANCER, 'DE').values  # .com says nothing


def test_words_that_contain_a_tax_label_are_not_labels() -> None:
    pasted = read_contact_block('Weinhandlung Stein GmbH\nSteinweg 5, 10115 Berlin\nUSt-IdNr. DE136695976', 'DE')
    assert (pasted.values['street'], pasted.values['city'], pasted.values['tax_id']) == (
        'Steinweg 5',
        'Berlin',
        'DE136695976',
    )
