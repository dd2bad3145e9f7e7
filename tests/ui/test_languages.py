"""The page speaks the signed-in user's language, else the browser's."""

import pytest
from nicegui import ui
from nicegui.testing import User

from services.core.actors import SYSTEM
from services.core.i18n import language
from services.customers.registration import create_customer
from tests.factories import spanish_draft
from tests.ui.helpers import main_menu_texts, sign_in
from ui.customers.import_flow import match_key_labels


async def test_a_korean_user_sees_the_menu_in_korean(user: User) -> None:
    await sign_in(user, language='ko')
    await user.open('/customers')
    await user.should_see('고객')
    await user.should_see(marker='main-menu', retries=20)
    assert '상품 및 서비스' in main_menu_texts(user)
    assert 'Products & Services' not in main_menu_texts(user)


async def test_without_a_choice_the_browser_language_is_used(user: User) -> None:
    await sign_in(user)
    user.http_client.headers['Accept-Language'] = 'es-MX,es;q=0.9,en;q=0.5'
    await user.open('/customers')
    await user.should_see(marker='main-menu', retries=20)
    assert 'Productos y servicios' in main_menu_texts(user)


@pytest.mark.parametrize(
    ('code', 'form_words', 'profile_words'),
    [
        ('ko', ['새 고객', '국가 *', '분류', '저장'], ['상세 정보', '청구서 및 결제', '변경 이력']),
        ('es', ['Cliente nuevo', 'País *', 'Categorías', 'Guardar'], ['Datos', 'Facturas y pagos', 'Historial']),
    ],
)
async def test_the_form_and_the_profile_speak_the_users_language(
    user: User, code: str, form_words: list[str], profile_words: list[str]
) -> None:
    await create_customer(by=SYSTEM, draft=spanish_draft())
    await sign_in(user, language=code)
    await user.open('/customers/new')
    for word in form_words:
        await user.should_see(word)
    await user.open('/customers/C-00001')
    for word in profile_words:
        await user.should_see(word)


@pytest.mark.parametrize(
    ('header', 'cookie', 'expected'),
    [
        ('ko-KR,ko;q=0.9', '', '다운로드 링크가 만료되었습니다. 다시 시작해 주세요.'),
        ('en-US', 'es', 'Esta descarga ha caducado. Vuelve a iniciarla.'),
        ('de-DE', '', 'This download has expired. Start it again.'),
    ],
)
async def test_plain_http_answers_speak_the_browsers_chosen_language(
    user: User, header: str, cookie: str, expected: str
) -> None:
    await sign_in(user)
    user.http_client.headers['Accept-Language'] = header
    if cookie:
        user.http_client.cookies.set('clientbook_language', cookie)
    response = await user.http_client.get('/exports/no-such-ticket')
    assert (response.status_code, response.text) == (404, expected)


@pytest.mark.parametrize(
    ('code', 'country', 'tax_id', 'email_error', 'tax_id_error'),
    [
        ('ko', '대한민국', '116-82-00277', '이메일 주소에는 @ 기호가 하나만 있어야 합니다.',
         '유효한 사업자등록번호이(가) 아닙니다: 검증 번호가 맞지 않습니다'),
        ('es', 'España', 'B64717839', 'Una dirección de correo solo puede tener una arroba (@).',
         'No es un NIF válido: el dígito de control no coincide'),
    ],
)  # fmt: skip
async def test_the_form_refuses_a_bad_email_and_tax_id_in_the_users_language(
    user: User, code: str, country: str, tax_id: str, email_error: str, tax_id_error: str
) -> None:
    await sign_in(user, language=code)
    await user.open('/customers/new')
    await user.should_see(marker='field-name', retries=20)
    user.find(marker='field-country').click()
    user.find(country).click()
    user.find(marker='field-email').type('ana@@example.com')
    user.find(marker='field-tax_id').type(tax_id)
    assert user.find(marker='field-email').elements.pop().error == email_error
    assert user.find(marker='field-tax_id').elements.pop().error == tax_id_error


async def test_each_none_agrees_with_its_noun_in_spanish(user: User) -> None:
    await sign_in(user, language='es')
    await user.open('/customers/new')
    await user.should_see(marker='summary-categories-none', retries=20)
    shown = user.find(marker='summary-categories-none').elements.pop()
    assert isinstance(shown, ui.label)
    assert shown.text == 'Ninguna'  # ninguna categoría, not "Ninguno"
    with language('es'):
        assert match_key_labels()['none'] == 'Ningún campo'  # match existing customers by no field
