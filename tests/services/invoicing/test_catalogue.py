"""Products & Services: admins keep the catalogue; lines are picked from it."""

from decimal import Decimal

import pytest

from services.core.actors import SYSTEM, Actor, Role
from services.core.errors import PermissionDenied, ValidationFailed
from services.invoicing.catalogue import ProductDraft, archive_product, create_product, list_products, update_product

MEMBER = Actor(id=None, name='Member', role=Role.MEMBER, can_view_notes=False)


async def test_admins_add_change_and_archive_products(db: str) -> None:
    draft = ProductDraft(name='Brötchen', unit='pcs', unit_price='0,45', vat_rate='7')
    bread = await create_product(draft=draft, by=SYSTEM)
    await create_product(draft=ProductDraft(name='Beratung', unit='h', unit_price='90', vat_rate='19'), by=SYSTEM)
    assert [(p.name, p.unit_price, p.vat_rate) for p in await list_products()] == [
        ('Beratung', Decimal('90.00'), Decimal('19.00')),
        ('Brötchen', Decimal('0.45'), Decimal('7.00')),
    ]
    changed = await update_product(
        product_id=bread.id, draft=ProductDraft(name='Brötchen', unit='pcs', unit_price='0.50', vat_rate='7'), by=SYSTEM
    )
    assert changed.unit_price == Decimal('0.50')
    await archive_product(product_id=bread.id, by=SYSTEM)
    assert [p.name for p in await list_products()] == ['Beratung']


async def test_members_cannot_change_the_catalogue_and_bad_values_are_refused(db: str) -> None:
    with pytest.raises(PermissionDenied):
        await create_product(draft=ProductDraft(name='X', unit_price='1'), by=MEMBER)
    with pytest.raises(ValidationFailed) as failure:
        await create_product(draft=ProductDraft(name='', unit_price='-1', vat_rate='120'), by=SYSTEM)
    assert set(failure.value.errors) == {'name', 'unit_price', 'vat_rate'}
