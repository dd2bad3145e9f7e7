"""The frame every page lives in: a header and the left main menu."""

from __future__ import annotations

from nicegui import ui

MENU = (
    ('Customers', 'people', '/customers'),
    ('Invoices', 'receipt_long', '/invoices'),
    ('Products & Services', 'inventory_2', '/products'),
    ('Mailbox', 'mail', '/mailbox'),
    ('Settings', 'settings', '/settings'),
)


def shell(content: ui.sub_pages | None = None) -> None:
    """Build the header and the drawer; the current section is highlighted as the route changes."""
    with ui.header().classes('items-center bg-primary text-white q-py-sm'):
        ui.button(icon='menu', on_click=lambda: drawer.toggle()).props('flat round dense color=white aria-label=Menu')
        ui.label('Clientbook').classes('text-h6 q-ml-sm')
    with ui.left_drawer(value=True, bordered=True).classes('bg-grey-1 q-pa-none') as drawer:
        with ui.list().classes('w-full q-pt-sm') as menu:
            for text, icon, path in MENU:
                with ui.item(on_click=lambda path=path: ui.navigate.to(path)).mark(f'menu-{path}') as item:
                    item.props['data-path'] = path
                    with ui.item_section().props('avatar'):
                        ui.icon(icon)
                    with ui.item_section():
                        ui.label(text)
    menu_items = list(menu.descendants())

    def highlight(path: str) -> None:
        for item in menu_items:
            if isinstance(item, ui.item):
                item_path = item.props.get('data-path', '')
                active = (
                    path == item_path or path.startswith(f'{item_path}/') or (path == '/' and item_path == '/customers')
                )
                item.props['active'] = active

    router = ui.context.client.sub_pages_router
    router.on_path_changed(highlight)
    highlight(router.current_path)
