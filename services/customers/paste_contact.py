"""Read a pasted contact block (email signature, business card, a web page's contact section) into form fields.

`read_contact_block(text, country)` is a pure function. It returns a `PastedContact`:
- `values`: form field -> raw value as the form would take it typed, only for what was recognised. Keys among
  `kind` ('company' | 'person'), `name`, `contact_person`, `email`, `phone` (international format), `street`,
  `postal_code`, `city`, `country` (ISO alpha-2, only when the block names another country), `tax_id`.
- `guesses`: the keys that are a best guess the user should look at (`name`, `contact_person`, `street`, and
  `country` when only inferred).

How each field is found (the form's checks still judge every value; nothing is saved here):
- country: a country named on a line of its own or at the end of one (English, German, Spanish, Korean names), else
  the region of the first phone number written with `+`, else Korea for Hangul addresses, else the country of the
  email's domain (`.es`, `.co.kr`; not the ones used worldwide such as `.co`, `.io`), else the form's `country`.
  The last two are guesses (`country` in `guesses`).
- email: the first address. phone: phonenumbers' `PhoneNumberMatcher` with the country as default region; fax
  numbers are skipped. postal code and city: the country's postal-code pattern (`core.values.postal_codes`, from
  Google's address data) on a line, the city beside it (after the code, or before it as in `San Francisco, CA 94103`);
  Korea: the city is the `...시` of the road-name address. tax ID: a labelled number (USt-IdNr., NIF/CIF, VAT, EIN,
  사업자등록번호 ...) that the country's schemes accept, or an unlabelled one whose check digit verifies
  (`services.core.values.tax_ids`).
- company name: a line with a legal form (GmbH, S.L., Ltd, Inc., 주식회사, (주) ...). contact person: a labelled name
  (Ansprechpartner:, Contacto:, Attn:, 담당자 ...) or the first line that reads as a person's name (two to four
  capitalised words; Korean: a surname and one to three syllables, a job title beside it is dropped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import phonenumbers

from services.core.values.countries import is_country
from services.core.values.postal_codes import postal_format
from services.core.values.tax_ids import COMPANY, PERSON, check_tax_id
from services.core.values.validation import Status
from services.customers.paste_names import LEGAL_FORM, person_name

MAX_BLOCK_LENGTH = 5000

COUNTRY_NAMES: dict[str, str] = {
    name.casefold(): code
    for code, names in {
        'DE': ('Germany', 'Deutschland', 'Alemania', '독일'),
        'AT': ('Austria', 'Österreich', '오스트리아'),
        'CH': ('Switzerland', 'Schweiz', 'Suiza', 'Suisse', '스위스'),
        'ES': ('Spain', 'España', 'Espana', 'Spanien', '스페인'),
        'MX': ('Mexico', 'México', 'Mexiko', '멕시코'),
        'KR': ('South Korea', 'Korea', 'Republic of Korea', 'Südkorea', 'Corea del Sur', '대한민국', '한국'),
        'GB': ('United Kingdom', 'UK', 'Great Britain', 'England', 'Großbritannien', 'Reino Unido', '영국'),
        'US': ('United States', 'USA', 'U.S.A.', 'Vereinigte Staaten', 'Estados Unidos', 'EE. UU.', '미국'),
        'FR': ('France', 'Frankreich', 'Francia', '프랑스'),
    }.items()
    for name in names
}
TAX_LABEL = re.compile(
    r'(?<!\w)(?:USt[.\s-]*Id(?:Nr)?\.?|Umsatzsteuer[-\s]*(?:ID|Identifikationsnummer)|Steuernummer|St\.?-?Nr\.?|VAT(?:\s*(?:Reg\.?'
    r'|No\.?|Number|ID))*|Tax\s*ID|EIN|N\.?\s?I\.?\s?F\.?|C\.?\s?I\.?\s?F\.?|사업자\s*등록\s*번호|사업자\s*번호)(?!\w)\s*[:.#]?\s*',
    re.IGNORECASE,
)  # whole words only: 'Steinweg' holds no EIN
# Country domains used worldwide for other reasons (.co, .io, .tv ...): they say nothing about where a business is.
GENERIC_COUNTRY_DOMAINS = frozenset('AC AI AM CC CO FM GG IO LA ME ML NU SH SO ST TK TO TV VC WS'.split())
FAX = re.compile(r'(?:fax|팩스|\bF\s*[.:])', re.IGNORECASE)
EMAIL = re.compile(r'[\w.+-]+@[\w-]+(?:\.[\w-]+)+')
URL = re.compile(r'(?:https?://|www\.)\S+', re.IGNORECASE)
HANGUL = re.compile('[가-힣]')
KOREAN_ROAD = re.compile(r'[가-힣](?:로|길|대로)\s*\d')
KOREAN_CITY = re.compile(r'^[가-힣]+(?:특별시|광역시|특별자치시|시)$')
TAX_CANDIDATE = re.compile(r'(?<![\w-])(?:[A-Z]{2}\s?)?[0-9A-Z](?:[0-9A-Z]|[\s./-](?=[0-9A-Z])){6,16}(?![\w-])')


@dataclass(frozen=True)
class PastedContact:
    values: dict[str, str] = field(default_factory=dict)
    guesses: frozenset[str] = frozenset()


def read_contact_block(text: str, country: str) -> PastedContact:
    """What the form can take from a pasted block (see the module docstring); `country` is the form's country."""
    text = text.replace('\r\n', '\n').replace('\r', '\n')[:MAX_BLOCK_LENGTH]
    lines = [' '.join(line.replace('\t', ' ').split()) for line in text.split('\n')]
    values: dict[str, str] = {}
    guesses: set[str] = set()
    region, guessed = _country(text, lines, country.upper())
    if region and region != country.upper():
        values['country'] = region
        if guessed:
            guesses.add('country')
    masked = URL.sub(lambda m: ' ' * len(m.group(0)), text)
    email = EMAIL.search(masked)
    if email:
        values['email'] = email.group(0).rstrip('.')
    masked = EMAIL.sub(lambda m: ' ' * len(m.group(0)), masked)
    phone, masked = _phone(masked, region)
    if phone:
        values['phone'] = phone
    masked_lines = [' '.join(line.split()) for line in masked.split('\n')]
    company = _company(lines)
    tax_id = _tax_id(masked_lines, region, COMPANY if company else PERSON)
    if tax_id:
        values['tax_id'] = tax_id
    address = _address(masked_lines, region)
    values.update(address)
    if 'street' in address:
        guesses.add('street')
    person = person_name(lines, company)
    if company:
        values['kind'] = COMPANY
        values['name'] = company
        guesses.add('name')
        if person:
            values['contact_person'] = person
            guesses.add('contact_person')
    elif person:
        values['kind'] = PERSON
        values['name'] = person
        guesses.add('name')
    return PastedContact(values, frozenset(guesses))


def _country(text: str, lines: list[str], fallback: str) -> tuple[str, bool]:
    """The block's country and whether it is only a guess (from a Hangul address or the email's country domain)."""
    for line in lines:
        for part in (line, line.rsplit(',', 1)[-1], line.strip('()')):
            code = COUNTRY_NAMES.get(part.strip(' ().').casefold())
            if code:
                return code, False
        inside = re.search(r'\(([^()]+)\)\s*$', line)
        if inside and inside.group(1).strip().casefold() in COUNTRY_NAMES:
            return COUNTRY_NAMES[inside.group(1).strip().casefold()], False
    for match in phonenumbers.PhoneNumberMatcher(text, None):
        region = phonenumbers.region_code_for_number(match.number)
        if region and region != 'ZZ':
            return str(region), False
    if fallback != 'KR' and any(KOREAN_ROAD.search(line) for line in lines):
        return 'KR', True
    email = EMAIL.search(URL.sub(' ', text))
    if email:
        domain = email.group(0).rsplit('.', 1)[-1].upper()
        code = {'UK': 'GB'}.get(domain, domain)
        if len(code) == 2 and code not in GENERIC_COUNTRY_DOMAINS and is_country(code):
            return code, code != fallback
    return fallback, False


def _phone(text: str, region: str) -> tuple[str, str]:
    """The first phone number that is not a fax, in international format, and the text with every number blanked."""
    found = ''
    masked = text
    for match in phonenumbers.PhoneNumberMatcher(text, region or None):
        masked = masked[: match.start] + ' ' * (match.end - match.start) + masked[match.end :]
        line_start = text.rfind('\n', 0, match.start) + 1
        before = text[line_start : match.start]
        label = re.split(r'[|·•,;/]\s*(?=\D*$)', before)[-1]
        if not found and not FAX.search(label):
            found = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return found, masked


def _company(lines: list[str]) -> str:
    for line in lines:
        if not line or '@' in line:
            continue
        part = re.split(r'\s[|·•]\s', line)[0].strip(' ,')
        if LEGAL_FORM.search(part) and not TAX_LABEL.match(part) and len(part) <= 120:
            return part
    return ''


def _tax_id(lines: list[str], region: str, kind: str) -> str:
    if not region:
        return ''
    labelled: list[str] = []
    for line in lines:
        for match in TAX_LABEL.finditer(line):
            rest = line[match.end() :]
            candidate = TAX_CANDIDATE.match(rest.strip())
            if candidate:
                labelled.append(candidate.group(0))
    for raw in labelled:
        for candidate_kind in (kind, COMPANY if kind == PERSON else PERSON):
            check = check_tax_id(raw, region, candidate_kind)
            if check.status == Status.OK:
                return check.display
    for line in lines:
        for match in TAX_CANDIDATE.finditer(line.upper()):
            check = check_tax_id(match.group(0), region, kind)
            if check.status == Status.OK and check.verified and sum(c.isdigit() for c in match.group(0)) >= 8:
                return check.display
    return ''


def _address(lines: list[str], region: str) -> dict[str, str]:
    if region == 'KR':
        return _korean_address(lines)
    rules = postal_format(region) if region else None
    if rules is None or rules.pattern is None:
        return {}
    unanchored = re.sub(r'(?<![\\\[])[\^$]', '', rules.pattern.pattern)  # the data's patterns are anchored
    code = re.compile(rf'(?<![\w-])(?:{unanchored})(?![\w-])', re.IGNORECASE)
    for index, line in enumerate(lines):
        if TAX_LABEL.search(line):
            continue
        for match in code.finditer(line):
            after = line[match.end() :].strip(' ,')
            before = line[: match.start()].strip(' ,')
            city, street = _city_beside(after, before)
            if not city:
                continue
            found = {'postal_code': match.group(0).upper(), 'city': city}
            if not street and index > 0:
                previous = lines[index - 1]
                if previous and any(c.isdigit() for c in previous) and any(c.isalpha() for c in previous):
                    street = previous
            if street and not LEGAL_FORM.search(street):
                found['street'] = street
            return found
    return {}


def _city_beside(after: str, before: str) -> tuple[str, str]:
    """(city, street on the same line) for `10115 Berlin`, `Calle Mayor 12, 28013 Madrid`, `San Francisco, CA 94103`."""
    after = re.sub(r'\s*\([^)]*\)\s*$', '', after).strip(' ,')
    if after and re.match(r'^[^\W\d_]', after):
        street = before if re.search(r'\d', before) and re.search(r'[^\W\d_]', before) else ''
        return after.split(',')[0].strip(), street
    if before:
        parts = [part.strip() for part in before.split(',') if part.strip()]
        if parts and re.fullmatch(r'[A-Z]{2}', parts[-1].split()[-1]) and len(parts[-1].split()) == 1:
            parts = parts[:-1]  # a US state
        elif parts and len(parts[-1].split()) > 1 and re.fullmatch(r'[A-Z]{2}', parts[-1].split()[-1]):
            parts[-1] = parts[-1].rsplit(' ', 1)[0]
        if parts and re.match(r'^[^\W\d_]', parts[-1]) and not any(c.isdigit() for c in parts[-1]):
            return parts[-1], ', '.join(parts[:-1])
    return '', ''


def _korean_address(lines: list[str]) -> dict[str, str]:
    """Korean road-name addresses: `서울특별시 중구 세종대로 110 (04524)`, the postal code also on a line of its own."""
    found: dict[str, str] = {}
    for line in lines:
        if not HANGUL.search(line):
            continue
        code = re.search(r'(?<!\d)(\d{5})(?!\d)', line)
        if code and 'postal_code' not in found:
            found['postal_code'] = code.group(1)
        if KOREAN_ROAD.search(line) and 'city' not in found:
            words = re.sub(r'\(?\d{5}\)?|우\)|우편번호', ' ', line).split()
            for position, word in enumerate(words):
                if KOREAN_CITY.match(word):
                    found['city'] = word
                    street = ' '.join(words[position + 1 :]).strip(' ,')
                    if street:
                        found['street'] = street
                    break
    return found
