"""Products & Services: the small catalogue invoice lines are picked from. Admins maintain it."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from models import Product
from services.core import audit
from services.core.actors import Actor, require_admin
from services.core.errors import NotFound, ValidationFailed
from services.core.money import parse_decimal
from services.core.validation import clean

MAX_PRICE = Decimal('999999999999')


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


def check_product(draft: ProductDraft) -> tuple[dict[str, Any], dict[str, str]]:
    errors: dict[str, str] = {}
    name = ' '.join(clean(draft.name).split())
    unit = ' '.join(clean(draft.unit).split())
    if not name:
        errors['name'] = 'Name is required'
    elif len(name) > 200:
        errors['name'] = 'At most 200 characters'
    if len(unit) > 20:
        errors['unit'] = 'At most 20 characters'
    price = parse_decimal(draft.unit_price)
    if price is None or price < 0 or price > MAX_PRICE:
        errors['unit_price'] = 'A price of 0 or more, e.g. 49.90'
    rate = parse_decimal(draft.vat_rate) if clean(draft.vat_rate) else Decimal(0)
    if rate is None or not 0 <= rate <= 100:
        errors['vat_rate'] = 'A VAT rate in percent between 0 and 100'
    values = {'name': name, 'unit': unit, 'unit_price': price, 'vat_rate': rate}
    return values, errors


async def list_products() -> list[ProductView]:
    products = await Product.filter(archived_at__isnull=True).order_by('name', 'id')
    return [_view(product) for product in products]


async def create_product(*, draft: ProductDraft, by: Actor) -> ProductView:
    require_admin(by)
    values, errors = check_product(draft)
    if errors:
        raise ValidationFailed(errors)
    product = await Product.create(**values)
    await audit.record('product.create', by=by, entity='product', entity_id=product.id, detail=product.name)
    return _view(product)


async def update_product(*, product_id: int, draft: ProductDraft, by: Actor) -> ProductView:
    require_admin(by)
    values, errors = check_product(draft)
    if errors:
        raise ValidationFailed(errors)
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


async def _get(product_id: int) -> Product:
    product = await Product.filter(id=product_id, archived_at__isnull=True).first()
    if product is None:
        raise NotFound('No such product')
    return product


def _view(product: Product) -> ProductView:
    return ProductView(
        id=product.id,
        name=product.name,
        unit=product.unit,
        unit_price=Decimal(product.unit_price),
        vat_rate=Decimal(product.vat_rate),
    )
