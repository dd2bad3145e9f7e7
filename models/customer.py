"""A customer of the business: a person or a company."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

if TYPE_CHECKING:
    from .category import Category
    from .note import Note
    from .user import User


LIST_SORT_COLUMNS = (
    'number',
    'name_key',
    'email',
    'phone',
    'postal_code',
    'city',
    'country',
    'created_at',
    'category_sort',
)


class CustomerKind(StrEnum):
    PERSON = 'person'
    COMPANY = 'company'


class TaxIdStatus(StrEnum):
    NONE = 'none'
    VALID = 'valid'  # format and check digit verified
    FORMAT = 'format'  # the format fits; the scheme has no check digit that could be verified
    UNCHECKED = 'unchecked'


class Customer(Model):
    """Stored values are normalised: phone in E.164, email lower-case domain, tax ID compact.

    Details in services/core/values/validation.py: the phone keeps its extension (RFC 3966 ext parameter), the email
    local part is kept as typed, the postal code has the country canonical form, the tax ID its canonical compact form.
    """

    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=16, unique=True)
    kind = fields.CharEnumField(CustomerKind, max_length=10, default=CustomerKind.COMPANY)
    name = fields.CharField(max_length=200)
    name_key = fields.CharField(max_length=200, db_index=True)
    contact_person = fields.CharField(max_length=200, default='')
    email = fields.CharField(max_length=254, default='', db_index=True)
    # The email compared for duplicates: local part case-folded, domain as an A-label (services.core.values.validation).
    email_key = fields.CharField(max_length=254, default='', db_default='')
    phone = fields.CharField(max_length=48, default='', db_index=True)
    street = fields.CharField(max_length=200, default='')
    postal_code = fields.CharField(max_length=20, default='')
    city = fields.CharField(max_length=100, default='')
    country = fields.CharField(max_length=2)
    tax_id = fields.CharField(max_length=40, default='', db_index=True)
    tax_id_status = fields.CharEnumField(TaxIdStatus, max_length=10, default=TaxIdStatus.NONE)
    tax_id_scheme = fields.CharField(max_length=120, default='')
    payment_terms_days = fields.IntField(null=True)
    # The language the customer receives invoices, emails and reminders in ('' = the company's language).
    language = fields.CharField(max_length=10, default='', db_default='')
    consent_email = fields.BooleanField(default=False)
    consent_email_at = fields.DatetimeField(null=True)
    consent_phone = fields.BooleanField(default=False)
    consent_phone_at = fields.DatetimeField(null=True)
    archived_at = fields.DatetimeField(null=True)
    # A merged customer stays as a tombstone whose number opens the survivor (services/customers/merge.py).
    merged_into_id = fields.IntField(null=True)
    merged_at = fields.DatetimeField(null=True)
    erased_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True, db_index=True)
    version = fields.IntField(default=1)
    # Maintained by the services (services/customers/list/search_keys.py):
    # what the customer list searches and sorts categories by.
    search_text = fields.TextField(default='', db_default='')
    category_sort = fields.CharField(max_length=255, default='', db_default='')
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        'models.User', related_name=False, null=True, on_delete=fields.SET_NULL
    )
    updated_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        'models.User', related_name=False, null=True, on_delete=fields.SET_NULL
    )
    created_by_id: int | None
    updated_by_id: int | None

    categories: fields.ManyToManyRelation[Category] = fields.ManyToManyField(
        'models.Category', related_name='customers', through='customer_category'
    )
    notes: fields.ReverseRelation[Note]

    class Meta:
        table = 'customer'
        # The list shows active customers sorted by one column: each sort walks its own index (ties by id); the
        # single-column ones serve the same sorts when archived customers are shown too.
        indexes = (
            *(Index(fields=('archived_at', column, 'id')) for column in LIST_SORT_COLUMNS),
            *(Index(fields=(column,)) for column in ('city', 'country', 'created_at', 'category_sort', 'email_key')),
        )
