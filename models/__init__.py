"""Tortoise models: fields, relations and Meta only. The rules live in services/."""

from .attachment import Attachment
from .audit import AuditEntry
from .category import Category
from .company import Company
from .counter import Counter
from .custom_field import CustomFieldDefinition, CustomFieldKind, CustomFieldValue
from .customer import Customer, CustomerKind, TaxIdStatus
from .note import Note, NoteKind
from .user import Role, Session, User

__all__ = [
    'Attachment',
    'AuditEntry',
    'Category',
    'Company',
    'Counter',
    'CustomFieldDefinition',
    'CustomFieldKind',
    'CustomFieldValue',
    'Customer',
    'CustomerKind',
    'Note',
    'NoteKind',
    'Role',
    'Session',
    'TaxIdStatus',
    'User',
]
