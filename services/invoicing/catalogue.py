"""Products & Services: the small catalogue invoice lines are picked from. Admins maintain it."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from functools import partial
from typing import Any

from babel.core import Locale
from pydantic import BaseModel

from models import Product
from services.core import audit
from services.core.actors import Actor, require_admin
from services.core.company import company_row
from services.core.errors import NotFound, ValidationFailed
from services.core.i18n import _
from services.core.values.money import (
    MAX_PRICE,
    UNIT_DECIMALS,
    Choice,
    Problem,
    decimals,
    format_price,
    input_text,
    offer,
    rate_rule,
    read_amount,
    read_rate,
)
from services.core.values.validation import clean


class ProductView(BaseModel):
    id: int
    name: str
    unit: str
    unit_price: Decimal
    vat_rate: Decimal


class ProductDraft(BaseModel):
    name: str = ''
    unit: str = ''
    unit_price: str = ''
    vat_rate: str = ''


def check_product(
    draft: ProductDraft, currency: str, *, locale: Locale | None = None
) -> tuple[dict[str, Any], dict[str, str], dict[str, tuple[Choice, ...]]]:
    """Normalised values, per-field errors and the readings of an ambiguous price (read in `currency`)."""
    errors: dict[str, str] = {}
    choices: dict[str, tuple[Choice, ...]] = {}
    name = ' '.join(clean(draft.name).split())
    unit = ' '.join(clean(draft.unit).split())
    if not name:
        errors['name'] = _('Name is required')
    elif len(name) > 200:
        errors['name'] = _('At most 200 characters')
    if len(unit) > 20:
        errors['unit'] = _('At most 20 characters')
    price = read_amount(draft.unit_price, currency, unit_price=True, locale=locale, maximum=MAX_PRICE)
    if price.problem is Problem.AMBIGUOUS:
        shown = partial(format_price, currency=currency, locale=locale)
        errors['unit_price'], choices['unit_price'] = offer(
            price, draft.unit_price, shown, places=decimals(currency), locale=locale
        )
    elif price.problem is Problem.DECIMALS:
        errors['unit_price'] = _('At most {places} decimals').format(places=UNIT_DECIMALS)
    elif not price.ok:
        errors['unit_price'] = _('A price of 0 or more, e.g. {example}').format(
            example=input_text(Decimal('49.9'), places=decimals(currency), locale=locale)
        )
    rate = read_rate(draft.vat_rate, locale=locale)
    if not rate.ok:
        errors['vat_rate'] = rate_rule(locale=locale)
    values = {'name': name, 'unit': unit, 'unit_price': price.value, 'vat_rate': rate.value}
    return values, errors, choices


async def list_products() -> list[ProductView]:
    products = await Product.filter(archived_at__isnull=True).order_by('name', 'id')
    return [_view(product) for product in products]


async def create_product(*, draft: ProductDraft, by: Actor) -> ProductView:
    require_admin(by)
    values = await _checked(draft)
    product = await Product.create(**values)
    await audit.record('product.create', by=by, entity='product', entity_id=product.id, detail=product.name)
    return _view(product)


async def update_product(*, product_id: int, draft: ProductDraft, by: Actor) -> ProductView:
    require_admin(by)
    values = await _checked(draft)
    product = await _get(product_id)
    for key, value in values.items():
        old = getattr(product, key)
        if old != value:
            await audit.record(
                'product.change', by=by, entity='product', entity_id=product.id, field=key, old=old, new=value
            )
            setattr(product, key, value)
    await product.save()
    return _view(product)


async def archive_product(*, product_id: int, by: Actor) -> None:
    """Remove from the catalogue; invoices keep their own copy of every line."""
    require_admin(by)
    product = await _get(product_id)
    product.archived_at = datetime.now(UTC)
    await product.save(update_fields=['archived_at', 'updated_at'])
    await audit.record('product.archive', by=by, entity='product', entity_id=product.id, detail=product.name)


async def _checked(draft: ProductDraft) -> dict[str, Any]:
    """The product's values; prices are in the company's currency, read with the user's locale."""
    currency = (await company_row()).currency
    values, errors, choices = check_product(draft, currency)
    if errors:
        raise ValidationFailed(errors, choices=choices)
    return values


async def _get(product_id: int) -> Product:
    product = await Product.filter(id=product_id, archived_at__isnull=True).first()
    if product is None:
        raise NotFound(_('No such product'))
    return product


def _view(product: Product) -> ProductView:
    return ProductView(
        id=product.id,
        name=product.name,
        unit=product.unit,
        unit_price=Decimal(product.unit_price),
        vat_rate=Decimal(product.vat_rate),
    )
