"""Signing in: the login page, the first-admin page, account set-up links, and the cookie hand-over."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from nicegui import app, ui
from starlette.requests import Request
from starlette.responses import RedirectResponse

from services.access.sessions import LoginRefused, issue_ticket, login, redeem_ticket
from services.access.team import complete_setup, create_first_admin, setup_account_name
from services.core.company import guess_country, kept_currency
from services.core.errors import ClientbookError, Conflict, NotFound, ValidationFailed
from services.core.i18n import _
from services.core.values.countries import countries
from ui.access import security, session
from ui.common.accessibility import install_page_accessibility
from ui.common.autocomplete_select import AutocompleteSelect
from ui.common.connection import enabled_when_connected
from ui.common.i18n import accept_language, apply_page_language, language_switcher


def register() -> None:
    """Add the public pages and the cookie route (NiceGUI's routes are rebuilt at every start)."""
    ui.page('/login', title='Clientbook')(login_page)
    ui.page('/first-admin', title='Clientbook')(first_admin_page)
    ui.page('/setup/{token}', title='Clientbook')(setup_page)
    app.get('/auth/complete', include_in_schema=False)(complete_login)


def safe_next(target: str | None) -> str:
    """Only relative paths inside Clientbook; anything else (other hosts, schemes, tricks) becomes '/'."""
    if not target or not target.startswith('/') or target.startswith('//') or '\\' in target:
        return '/'
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return '/'
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or parts.path in ('/login', '/auth/complete', '/first-admin'):
        return '/'
    return target


def login_page(next: str = '/') -> None:
    target = safe_next(next)
    apply_page_language(ui.context.client)
    ui.page_title(_('Sign in · Clientbook'))
    with _card(_('Sign in to Clientbook')):
        email = ui.input(_('Email')).props('autocomplete=username autofocus').classes('w-full').mark('login-email')
        password = (
            ui.input(_('Password'), password=True, password_toggle_button=True)
            .props('autocomplete=current-password')
            .classes('w-full')
            .mark('login-password')
        )
        message = ui.label('').classes('text-negative').props('role=alert aria-live=assertive').mark('login-message')

        async def submit() -> None:
            button.disable()
            try:
                result = await login(
                    email.value or '',
                    password.value or '',
                    client_address=_address(),
                    policy=session.config.policy,
                    user_agent=_user_agent(),
                )
            except LoginRefused as refused:
                message.set_text(str(refused))
                password.set_value('')
                return
            finally:
                button.enable()
            ui.navigate.to(f'/auth/complete?ticket={issue_ticket(result.token)}&next={quote(target, safe="/")}')

        password.on('keydown.enter', submit)
        button = ui.button(_('Sign in'), on_click=submit).classes('w-full').mark('login-submit')
        enabled_when_connected(button)


async def first_admin_page() -> None:
    apply_page_language(ui.context.client)
    ui.page_title(_('Welcome · Clientbook'))
    with _card(_('Create the first admin account')):
        ui.label(_('Clientbook has no accounts yet. This one manages the team and the settings.')).classes(
            'text-body2 text-grey-8'
        )
        name = ui.input(_('Your name')).classes('w-full').props('autofocus').mark('admin-name')
        email = ui.input(_('Email')).classes('w-full').props('autocomplete=username').mark('admin-email')
        password = (
            ui.input(_('Password (at least 10 characters)'), password=True, password_toggle_button=True)
            .classes('w-full')
            .props('autocomplete=new-password')
            .mark('admin-password')
        )
        country = (
            AutocompleteSelect(
                countries(),
                label=_('Country of your business (sets currency, language and time zone; editable in Settings)'),
                value=guess_country(accept_language(ui.context.client)),
                with_input=True,
            )
            .classes('w-full')
            .mark('admin-country')
        )
        if kept := await kept_currency():
            ui.label(
                _('Invoices in {currency} exist already (demo data?): the currency stays {currency}.').format(
                    currency=kept
                )
            ).classes('text-body2 text-grey-8').mark('admin-currency-kept')
        message = ui.label('').classes('text-negative').props('role=alert aria-live=assertive')
        fields = {'display_name': name, 'email': email, 'password': password, 'country': country}

        async def submit() -> None:
            message.set_text('')
            for field in fields.values():
                field.error = None
            try:
                await create_first_admin(
                    email=email.value or '',
                    display_name=name.value or '',
                    password=password.value or '',
                    client_address=_address(),
                    country=country.value or '',
                )
                result = await login(
                    email.value or '',
                    password.value or '',
                    client_address=_address(),
                    policy=session.config.policy,
                    user_agent=_user_agent(),
                )
            except ValidationFailed as error:  # at each field, like every other form
                for key, text in error.errors.items():
                    if key in fields:
                        fields[key].error = text
                message.set_text(' '.join(text for key, text in error.errors.items() if key not in fields))
                return
            except (Conflict, LoginRefused) as error:
                message.set_text(_message(error))
                return
            security.mark_users_exist()
            ui.navigate.to(f'/auth/complete?ticket={issue_ticket(result.token)}&next=/')

        create = ui.button(_('Create account and sign in'), on_click=submit).classes('w-full').mark('admin-submit')
        enabled_when_connected(create)


async def setup_page(token: str) -> None:
    name = await setup_account_name(token)
    apply_page_language(ui.context.client)
    ui.page_title(_('Set your password · Clientbook'))
    with _card(_('Set your password')):
        if name is None:
            ui.label(_('This link is unknown or has expired. Ask an admin for a new one.'))
            return
        ui.label(_('Welcome, {name}. Choose a password to sign in to Clientbook.').format(name=name)).classes(
            'text-body2'
        )
        password = (
            ui.input(_('New password (at least 10 characters)'), password=True, password_toggle_button=True)
            .classes('w-full')
            .props('autocomplete=new-password')
            .mark('setup-password')
        )
        message = ui.label('').classes('text-negative').props('role=alert aria-live=assertive')

        async def submit() -> None:
            try:
                await complete_setup(token, password.value or '')
            except (ValidationFailed, NotFound) as error:
                message.set_text(_message(error))
                return
            ui.notify(_('Password saved. Sign in with your email and the new password.'), type='positive')
            ui.navigate.to('/login')

        save = ui.button(_('Save password'), on_click=submit).classes('w-full').mark('setup-submit')
        enabled_when_connected(save)


async def complete_login(request: Request, ticket: str = '', next: str = '/') -> RedirectResponse:
    """Exchange a one-time ticket for the HttpOnly session cookie, then go where the user was heading."""
    token = redeem_ticket(ticket)
    if token is None:
        return RedirectResponse('/login', status_code=303)
    response = RedirectResponse(safe_next(next), status_code=303)
    secure = session.config.secure_cookies
    response.set_cookie(
        session.COOKIE,
        token,
        max_age=int(session.config.policy.lifetime.total_seconds()),
        path='/',
        httponly=True,
        samesite='lax',
        secure=request.url.scheme == 'https' if secure is None else secure,
    )
    return response


def _card(title: str) -> ui.card:
    ui.query('body').classes('bg-grey-2')
    install_page_accessibility()
    with ui.column().classes('absolute-center w-96 max-w-full'):
        ui.label('Clientbook').classes('text-h4 text-primary q-mb-md')
        card = ui.card().classes('w-full q-pa-lg')
        with card:
            ui.label(title).classes('text-h6')
        language_switcher()
    return card


def _address() -> str:
    return ui.context.client.ip or ''


def _user_agent() -> str:
    try:
        return str(ui.context.client.request.headers.get('user-agent', ''))
    except (AttributeError, RuntimeError):  # no HTTP request behind this client
        return ''


def _message(error: ClientbookError) -> str:
    if isinstance(error, ValidationFailed):
        return ' '.join(error.errors.values())
    return str(error)
