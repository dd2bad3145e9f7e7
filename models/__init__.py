"""Tortoise models: fields, relations and Meta only. The rules live in services/."""

from .category import Category
from .company import Company
from .counter import Counter
from .customer import Customer, CustomerKind, TaxIdStatus
from .note import Note, NoteKind

__all__ = ['Category', 'Company', 'Counter', 'Customer', 'CustomerKind', 'Note', 'NoteKind', 'TaxIdStatus']
