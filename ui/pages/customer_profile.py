"""A customer's page (read-only for now): everything that was stored at registration."""

from __future__ import annotations

from nicegui import ui

from services.customers import get_customer
from services.errors import NotFound

from ..components.category_chips import category_chip
from ..components.invoice_panel import invoice_panel


async def page(number: str) -> None:
    try:
        customer = await get_customer(number)
    except NotFound:
        ui.page_title('Not found · Clientbook')
        ui.label('No such customer.').classes('text-h6')
        ui.link('Back to customers', '/customers')
        return
    ui.page_title(f'{customer.name} · Clientbook')
    with ui.row().classes('w-full items-center gap-3'):
        ui.label(customer.name).classes('text-h5').mark('profile-name')
        ui.badge(customer.number, color='grey-7')
        if customer.archived:
            ui.badge('Archived', color='orange')
        for category in customer.categories:
            category_chip(category.name, category.colour)
    with ui.card().classes('w-full max-w-3xl'):
        ui.label('Details').classes('text-subtitle1 text-weight-medium')
        rows = [
            ('Type', 'Person' if customer.kind == 'person' else 'Company'),
            ('Contact person', customer.contact_person),
            ('Email', customer.email),
            ('Phone', customer.phone_display),
            ('Street', customer.street),
            ('Postal code', customer.postal_code),
            ('City', customer.city),
            ('Country', customer.country_name),
            ('Tax ID', _tax_text(customer.tax_id, customer.tax_id_status.value, customer.tax_id_scheme)),
            ('Payment terms', f'{customer.payment_terms_days} days' if customer.payment_terms_days is not None else ''),
            ('Contact by email', 'agreed' if customer.consent_email else 'not agreed'),
            ('Contact by phone', 'agreed' if customer.consent_phone else 'not agreed'),
            ('Registered', customer.created_at.strftime('%Y-%m-%d %H:%M UTC')),
        ]
        with ui.grid(columns='auto 1fr').classes('gap-x-6 gap-y-1'):
            for caption, value in rows:
                ui.label(caption).classes('text-grey-8')
                ui.label(value or '—')
    await invoice_panel(customer)
    ui.link('Back to customers', '/customers')


def _tax_text(tax_id: str, status: str, scheme: str) -> str:
    if not tax_id:
        return ''
    if status == 'valid':
        return f'{tax_id} (valid {scheme})'
    return f'{tax_id} (not checked)'
