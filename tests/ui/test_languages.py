"""The page speaks the signed-in user's language, else the browser's."""

from nicegui.testing import User

from tests.ui.helpers import sign_in


async def test_a_korean_user_sees_the_menu_in_korean(user: User) -> None:
    await sign_in(user, language='ko')
    await user.open('/customers')
    await user.should_see('고객')
    await user.should_see('상품 및 서비스')
    await user.should_not_see('Products & Services')


async def test_without_a_choice_the_browser_language_is_used(user: User) -> None:
    await sign_in(user)
    user.http_client.headers['Accept-Language'] = 'es-MX,es;q=0.9,en;q=0.5'
    await user.open('/customers')
    await user.should_see('Productos y servicios')
