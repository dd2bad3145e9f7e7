"""The precompiled Tailwind stylesheet replaces NiceGUI's Tailwind runtime on every page, sign-in pages included."""

from nicegui.testing import User

from ui.common.styles import CSS_FILE, ONE_YEAR, stylesheet_url


async def test_pages_link_the_precompiled_stylesheet_instead_of_the_tailwind_runtime(user: User) -> None:
    page = await user.http_client.get('/login', follow_redirects=True)  # the first-admin page (no account yet)
    assert page.status_code == 200
    assert f'<link rel="stylesheet" href="{stylesheet_url()}">' in page.text
    assert 'tailwindcss.min.js' not in page.text
    assert page.text.count('tailwind-') == 1


async def test_the_stylesheet_is_public_and_cached_for_a_year(user: User) -> None:
    response = await user.http_client.get(stylesheet_url(), follow_redirects=False)
    assert response.status_code == 200
    assert response.headers['content-type'].startswith('text/css')
    assert f'max-age={ONE_YEAR}' in response.headers['cache-control']
    assert response.content == CSS_FILE.read_bytes()
