"""Names and addresses per country: (given names, family names, companies, (city, postal code) pairs, streets)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CountryData:
    code: str
    given: tuple[str, ...]
    family: tuple[str, ...]
    latin: dict[str, str]  # romanised spelling of a name part, for email addresses
    trades: tuple[str, ...]
    legal_forms: tuple[str, ...]
    company_format: str  # with {family}, {trade} and {legal}
    places: tuple[tuple[str, str], ...]
    streets: tuple[str, ...]
    mail_domains: tuple[str, ...]
    phone_prefixes: tuple[str, ...]
    phone_digits: int
    tax_body: str  # pattern for a tax ID body: 9 = a random digit; the last character is searched until valid


KR = CountryData(
    code='KR',
    given=('민준', '서연', '지훈', '하은', '도윤', '지우', '예준', '수아', '시우', '지민'),
    family=('김', '이', '박', '최', '정', '강', '조', '윤', '장', '임'),
    latin={
        '민준': 'minjun',
        '서연': 'seoyeon',
        '지훈': 'jihoon',
        '하은': 'haeun',
        '도윤': 'doyun',
        '지우': 'jiwoo',
        '예준': 'yejun',
        '수아': 'sua',
        '시우': 'siwoo',
        '지민': 'jimin',
        '김': 'kim',
        '이': 'lee',
        '박': 'park',
        '최': 'choi',
        '정': 'jung',
        '강': 'kang',
        '조': 'cho',
        '윤': 'yoon',
        '장': 'jang',
        '임': 'lim',
    },
    trades=('상사', '무역', '정밀', '식품', '물산', '디자인', '테크', '건설'),
    legal_forms=('(주)', '', '주식회사 '),
    company_format='{legal}{family}{trade}',
    places=(
        ('서울', '04524'),
        ('서울', '06236'),
        ('부산', '48058'),
        ('인천', '21554'),
        ('대구', '41911'),
        ('대전', '34126'),
        ('광주', '61475'),
        ('수원', '16490'),
    ),
    streets=(
        '세종대로 110',
        '테헤란로 152',
        '해운대로 570',
        '중앙대로 1001',
        '동대구로 123',
        '둔산로 100',
        '상무중앙로 61',
    ),
    mail_domains=('naver.com', 'daum.net', 'gmail.com', 'kakao.com'),
    phone_prefixes=('010',),
    phone_digits=8,
    tax_body='9999999990',
)

ES = CountryData(
    code='ES',
    given=('José', 'María', 'Lucía', 'Álvaro', 'Íñigo', 'Begoña', 'Jesús', 'Pilar', 'Sofía', 'Martín'),
    family=('García', 'Fernández', 'Martínez', 'López', 'Sánchez', 'Gómez', 'Ruiz', 'Díaz', 'Muñoz', 'Pérez'),
    latin={},
    trades=('Distribuciones', 'Cafetería', 'Talleres', 'Construcciones', 'Viñedos', 'Ferretería', 'Panadería'),
    legal_forms=('S.L.', 'S.A.', 'S.L.U.'),
    company_format='{trade} {family} {legal}',
    places=(
        ('Madrid', '28013'),
        ('Barcelona', '08001'),
        ('Valencia', '46002'),
        ('Sevilla', '41001'),
        ('Bilbao', '48001'),
        ('Zaragoza', '50001'),
        ('Málaga', '29015'),
    ),
    streets=(
        'Calle Mayor 12',
        'Gran Vía 28',
        'Carrer de Balmes 45',
        'Avenida de la Constitución 7',
        'Calle de Alcalá 150',
        'Paseo de Gracia 92',
    ),
    mail_domains=('gmail.com', 'hotmail.es', 'yahoo.es', 'telefonica.net'),
    phone_prefixes=('6',),
    phone_digits=8,
    tax_body='B99999990',
)

DE = CountryData(
    code='DE',
    given=('Jürgen', 'Anna', 'Lukas', 'Sophie', 'Günter', 'Jörg', 'Lena', 'Maximilian', 'Käthe', 'Felix'),
    family=('Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weiß', 'Bäcker', 'Wagner', 'Becker', 'Hoffmann', 'Schäfer'),
    latin={},
    trades=('Bau', 'Logistik', 'Elektrotechnik', 'Design', 'Bäckerei', 'Metallbau', 'Gartenbau'),
    legal_forms=('GmbH', 'KG', 'GmbH & Co. KG', 'UG'),
    company_format='{family} {trade} {legal}',
    places=(
        ('Berlin', '10115'),
        ('München', '80331'),
        ('Hamburg', '20095'),
        ('Köln', '50667'),
        ('Frankfurt am Main', '60311'),
        ('Stuttgart', '70173'),
        ('Düsseldorf', '40213'),
    ),
    streets=('Hauptstraße 5', 'Bahnhofstraße 12', 'Schillerstraße 3', 'Goethestraße 21', 'Lindenallee 8', 'Am Markt 1'),
    mail_domains=('web.de', 'gmx.de', 't-online.de', 'posteo.de'),
    phone_prefixes=('151', '160', '170', '176'),
    phone_digits=8,
    tax_body='DE999999990',
)

US = CountryData(
    code='US',
    given=('John', 'Emily', 'Michael', 'Sarah', 'David', 'Jessica', 'James', 'Ashley', 'Robert', 'Olivia'),
    family=('Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor'),
    latin={},
    trades=('Hardware', 'Consulting', 'Bakery', 'Supplies', 'Logistics', 'Design', 'Landscaping'),
    legal_forms=('LLC', 'Inc.', 'Co.'),
    company_format='{family} {trade} {legal}',
    places=(
        ('New York', '10001'),
        ('San Francisco', '94103'),
        ('Chicago', '60601'),
        ('Austin', '78701'),
        ('Seattle', '98101'),
        ('Boston', '02108'),
        ('Denver', '80202'),
    ),
    streets=('350 5th Ave', '1 Market St', '233 S Wacker Dr', '600 Congress Ave', '400 Broad St', '1 Beacon St'),
    mail_domains=('gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com'),
    phone_prefixes=('212', '415', '312', '512', '206', '617', '303'),
    phone_digits=7,
    tax_body='99-9999999',
)

COUNTRIES = (KR, ES, DE, US)

CATEGORIES = (
    'VIP',
    'Wholesale',
    'Retail',
    'Newsletter',
    'Partner',
    'Prospect',
    'Supplier',
    'Export',
    'Restaurant',
    'Workshop',
    'Online shop',
    'Public sector',
)
