"""Products & Services: the catalogue that invoice lines are picked from. Admins edit it; everyone may look."""

from __future__ import annotations

from nicegui import ui

from services.core.errors import ClientbookError, ValidationFailed
from services.core.i18n import N_, _
from services.core.values.money import Choice, decimals, format_number, format_price, input_text
from services.invoicing.catalogue import (
    ProductDraft,
    ProductView,
    archive_product,
    create_product,
    list_products,
    update_product,
)
from services.invoicing.company_profile import get_company_profile
from ui.access.session import current_actor
from ui.common.i18n import translated_columns
from ui.common.number_choices import NumberChoices
from ui.common.pager import use_pager

COLUMNS = [
    {'name': 'name', 'label': N_('Name'), 'field': 'name', 'align': 'left'},
    {'name': 'unit', 'label': N_('Unit'), 'field': 'unit', 'align': 'left'},
    {'name': 'price', 'label': N_('Unit price'), 'field': 'price', 'align': 'right'},
    {'name': 'vat', 'label': N_('VAT'), 'field': 'vat', 'align': 'right'},
]
FIELDS = (
    ('name', N_('Name')),
    ('unit', N_('Unit (e.g. h, pcs)')),
    ('unit_price', N_('Unit price')),
    ('vat_rate', N_('VAT rate (%)')),
)


async def page() -> None:
    ui.page_title(_('Products & Services · Clientbook'))
    currency = (await get_company_profile()).currency
    admin = current_actor().is_admin
    with ui.row().classes('w-full items-center'):
        ui.label(_('Products & Services')).classes('text-h5')
        ui.space()
        if admin:
            ui.button(_('New product'), icon='add', on_click=lambda: edit(None)).mark('new-product')
    ui.label(_('Pick these when writing an invoice; every invoice keeps its own copy of the lines.')).classes(
        'text-body2 text-grey-8'
    )
    table = (
        ui.table(columns=translated_columns(COLUMNS), rows=[], row_key='id')
        .classes('w-full max-w-4xl')
        .props('flat bordered')
    )
    table.props['no-data-label'] = (
        _('No products yet. Add the ones you invoice often with “New product”.') if admin else _('No products yet.')
    )
    # Quasar's own no-data line has a warning icon: an empty catalogue is a start, not a fault.
    table.add_slot(
        'no-data',
        '<div class="full-width row items-center no-wrap q-gutter-sm text-grey-8">'
        '<q-icon name="inventory_2" size="sm" /><span>{{ props.message }}</span></div>',
    )
    use_pager(table)
    products: dict[int, ProductView] = {}

    async def load() -> None:
        products.clear()
        products.update({product.id: product for product in await list_products()})
        table.rows = [
            {
                'id': p.id,
                'name': p.name,
                'unit': p.unit,
                'price': format_price(p.unit_price, currency),
                'vat': f'{format_number(p.vat_rate)} %',
            }
            for p in products.values()
        ]

    async def edit(product: ProductView | None) -> None:
        if not admin:
            return
        saved = await product_dialog(product, currency)
        if saved:
            await load()

    table.on('rowClick', lambda e: edit(products.get(e.args[1]['id'])) if len(e.args) > 1 else None)
    await load()


async def product_dialog(product: ProductView | None, currency: str) -> bool:
    draft = ProductDraft(
        name=product.name if product else '',
        unit=product.unit if product else '',
        unit_price=input_text(product.unit_price, places=decimals(currency)) if product else '',
        vat_rate=input_text(product.vat_rate) if product else '',
    )
    with ui.dialog() as dialog, ui.card().classes('min-w-96').mark('product-dialog'):
        ui.label(_('Edit product') if product else _('New product')).classes('text-h6')
        inputs = {}
        for key, label in FIELDS:
            inputs[key] = (
                ui.input(
                    _(label), value=getattr(draft, key), on_change=lambda e, key=key: setattr(draft, key, e.value or '')
                )
                .without_auto_validation()
                .classes('w-full')
                .mark(f'product-{key}')
            )
        price_choices = NumberChoices('product-unit_price-choice')

        def choose(choice: Choice) -> None:
            inputs['unit_price'].set_value(choice.text)
            inputs['unit_price'].error = None
            price_choices.show([], choose)

        async def save() -> None:
            try:
                if product is None:
                    await create_product(draft=draft, by=current_actor())
                else:
                    await update_product(product_id=product.id, draft=draft, by=current_actor())
            except ValidationFailed as error:
                for key, element in inputs.items():
                    element.error = error.errors.get(key)
                price_choices.show(error.choices.get('unit_price', ()), choose)
                return
            except ClientbookError as error:
                ui.notify(str(error), type='negative')
                return
            ui.notify(_('{name} saved').format(name=draft.name.strip()), type='positive')
            dialog.submit(True)

        async def archive() -> None:
            if product is not None:
                await archive_product(product_id=product.id, by=current_actor())
                ui.notify(_('{name} removed from the catalogue').format(name=product.name), type='positive')
                dialog.submit(True)

        with ui.row().classes('w-full justify-end'):
            if product is not None:
                ui.button(_('Remove'), on_click=archive).props('flat color=negative')
            ui.space()
            ui.button(_('Cancel'), on_click=lambda: dialog.submit(False)).props('flat')
            ui.button(_('Save'), on_click=save).mark('product-save')
    result = await dialog
    dialog.delete()
    return bool(result)
