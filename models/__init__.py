"""Tortoise models: fields, relations and Meta only. The rules live in services/."""

from .audit import AuditEntry
from .category import Category
from .company import Company
from .counter import Counter
from .customer import Customer, CustomerKind, TaxIdStatus
from .note import Note, NoteKind
from .user import Role, Session, User

__all__ = [
    'AuditEntry',
    'Category',
    'Company',
    'Counter',
    'Customer',
    'CustomerKind',
    'Note',
    'NoteKind',
    'Role',
    'Session',
    'TaxIdStatus',
    'User',
]
