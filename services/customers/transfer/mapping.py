"""Which column of a file goes to which customer field: first guesses from the header names (English, Korean,
Spanish) and from the values (emails, phone numbers), and mappings saved by name for the next import.

A mapping is a list with one target per column: a draft field key (`name`, `email`, ...), `number` (the customer
number, used for matching only), `custom:<key>` for a custom field, or `ignore`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache

from models import ImportMapping
from services.core.errors import NotFound, ValidationFailed
from services.core.i18n import LANGUAGES, N_, _, translations
from services.core.values.checks import storable
from services.customers.fields import CUSTOMER_FIELDS

IGNORE = 'ignore'
NUMBER = 'number'
# Targets a column can have besides custom fields, in the order the mapping shows them.
TARGETS = (
    'name', 'kind', 'contact_person', 'email', 'phone', 'street', 'postal_code', 'city', 'country', 'tax_id',
    'payment_terms', 'categories', 'consent_email', 'consent_phone', 'note', NUMBER,
)  # fmt: skip
TARGET_LABELS = {NUMBER: N_('Customer number'), IGNORE: N_('Ignore')}
EXPORT_NUMBER_HEADER = N_('Number')  # the customer number's column in our exports (services/customers/csv_export.py)
# Header names per target, compared without case, accents, spaces or punctuation.
SYNONYMS: dict[str, tuple[str, ...]] = {
    'name': (
        'name', 'customer', 'customer name', 'company', 'company name', 'full name', 'display name', 'client',
        'business name', '이름', '상호', '고객명', '고객', '성명', '회사명', '업체명', '거래처', '거래처명', 'nombre',
        'cliente', 'razon social', 'empresa', 'nombre completo', 'nombre del cliente',
    ),
    'kind': ('type', 'kind', 'customer type', '구분', '유형', '고객유형', 'tipo', 'tipo de cliente'),
    'contact_person': (
        'contact', 'contact person', 'contact name', 'attention', '담당자', '담당자명', '대표자', 'contacto',
        'persona de contacto',
    ),
    'email': ('email', 'e-mail', 'mail', 'email address', '이메일', '전자우편', '메일', 'correo', 'correo electronico'),
    'phone': (
        'phone', 'telephone', 'tel', 'mobile', 'cell', 'phone number', '전화', '전화번호', '휴대폰', '휴대전화',
        '연락처', '핸드폰', 'telefono', 'movil', 'celular',
    ),
    'street': (
        'street', 'address', 'street address', 'address line 1', '주소', '도로명주소', 'direccion', 'calle',
        'domicilio',
    ),
    'postal_code': (
        'postal code', 'postcode', 'zip', 'zip code', 'plz', '우편번호', 'codigo postal', 'cp', 'c.p.',
    ),
    'city': ('city', 'town', 'locality', '도시', '시', '시군구', 'ciudad', 'localidad', 'poblacion', 'municipio'),
    'country': ('country', 'country code', '국가', '나라', 'pais'),
    'tax_id': (
        'tax id', 'vat', 'vat number', 'vat id', 'tax number', 'tin', 'ein', '사업자등록번호', '사업자번호',
        'nif', 'cif', 'nif/cif', 'nif cif', 'nie', 'rfc', '세금 식별번호', '세금번호', 'identificacion fiscal',
        'numero de identificacion fiscal',
    ),
    'payment_terms': ('payment terms', 'payment terms days', 'terms', '결제조건', '결제기한', 'plazo de pago'),
    'categories': (
        'categories', 'category', 'tags', 'groups', 'group', '분류', '카테고리', '그룹', 'categorias', 'etiquetas',
    ),
    'note': ('note', 'notes', 'comment', 'comments', 'memo', '메모', '비고', 'nota', 'notas', 'observaciones'),
    NUMBER: ('number', 'customer number', 'customer no', 'customer id', '고객번호', 'numero de cliente', 'numero'),
    'consent_email': ('email consent', '이메일 수신동의', 'consentimiento correo'),
    'consent_phone': ('phone consent', '전화 수신동의', 'consentimiento telefono'),
}  # fmt: skip
EMAIL_VALUE = re.compile(r'^[^@\s]+@[^@\s]+\.[^@\s]+$')
PHONE_VALUE = re.compile(r'^\+?[\d\s().\-/]{7,20}$')


def header_key(text: str) -> str:
    """A header as compared: case-folded, accents and spaces/punctuation removed (`Código postal` -> `codigopostal`)."""
    decomposed = unicodedata.normalize('NFKD', text.casefold())
    kept = ''.join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize('NFC', re.sub(r'[\s_.\-/:()*#]+', '', kept))


def _label_headers() -> dict[str, str]:
    """Each field's own label in every language, as our exports write their headers (`Plazo de pago (días)`,
    Korean `번호` for the customer number), so that an export maps back to its fields whoever imports it."""
    labels = {spec.key: spec.text for spec in CUSTOMER_FIELDS if spec.key in TARGETS}
    labels |= {NUMBER: EXPORT_NUMBER_HEADER}
    return {
        header_key(str(translations(code).gettext(text))): target
        for code in LANGUAGES
        for target, text in labels.items()
    }


@cache
def _by_header() -> dict[str, str]:
    """Header key -> target; built on the first guess (reading every catalog is not a start-up's work)."""
    return _label_headers() | {header_key(name): target for target, names in SYNONYMS.items() for name in names}


def guess_mapping(
    headers: Sequence[str], sample_rows: Sequence[Sequence[str]], custom: Sequence[tuple[str, str]] = ()
) -> list[str]:
    """One target per column: by header name (built-in and custom field labels), else by the sampled values.

    `custom` holds (key, label) of the active custom fields. A target is given to one column only (the first).
    """
    by_header = _by_header() | {header_key(label): f'custom:{key}' for key, label in custom}
    taken: set[str] = set()
    guesses: list[str] = []
    for header in headers:
        target = by_header.get(header_key(header), IGNORE)
        if target != IGNORE and target in taken:
            target = IGNORE
        taken.add(target)
        guesses.append(target)
    for column, target in enumerate(guesses):
        if target != IGNORE:
            continue
        values = [row[column].strip() for row in sample_rows if column < len(row) and row[column].strip()]
        if not values:
            continue
        for candidate, pattern in (('email', EMAIL_VALUE), ('phone', PHONE_VALUE)):
            if candidate not in taken and sum(bool(pattern.match(v)) for v in values) >= 0.8 * len(values):
                guesses[column] = candidate
                taken.add(candidate)
                break
    return guesses


def check_mapping(mapping: Sequence[str], custom_keys: Sequence[str] = ()) -> list[str]:
    """The mapping with every target known and none twice (except `ignore`).

    Raises:
        ValidationFailed: keyed `mapping`, naming the unknown or repeated target.
    """
    allowed = {*TARGETS, IGNORE, *(f'custom:{key}' for key in custom_keys)}
    seen: set[str] = set()
    for target in mapping:
        if target not in allowed:
            raise ValidationFailed({'mapping': _('Unknown field: {target}').format(target=target)})
        if target != IGNORE and target in seen:
            raise ValidationFailed({'mapping': _('Two columns go to the same field: {target}').format(target=target)})
        seen.add(target)
    if 'name' not in seen:
        raise ValidationFailed({'mapping': _('One column must be the name')})
    return list(mapping)


async def save_mapping(name: str, headers: Sequence[str], mapping: Sequence[str]) -> None:
    """Keep a mapping under `name` (replacing one of that name): header name -> target."""
    name = storable(' '.join(name.split())[:100])
    if not name:
        raise ValidationFailed({'name': _('Give the mapping a name')})
    columns = {storable(header): target for header, target in zip(headers, mapping, strict=True) if target != IGNORE}
    await ImportMapping.update_or_create(defaults={'columns': columns}, name=name)


async def saved_mapping_names() -> list[str]:
    names = await ImportMapping.all().order_by('name').values_list('name', flat=True)
    return [str(name) for name in names]


async def apply_saved_mapping(name: str, headers: Sequence[str]) -> list[str]:
    """The saved mapping `name` applied to these headers (columns it does not know are ignored)."""
    saved = await ImportMapping.get_or_none(name=name)
    if saved is None:
        raise ValidationFailed({'name': _('No mapping of that name')})
    columns: dict[str, str] = dict(saved.columns)
    return [columns.get(header, IGNORE) for header in headers]


async def delete_mapping(name: str) -> None:
    """Forget the saved mapping `name`.

    Raises:
        NotFound: no mapping of that name (someone else deleted it already).
    """
    if not await ImportMapping.filter(name=name).delete():
        raise NotFound(_('No mapping of that name'))
