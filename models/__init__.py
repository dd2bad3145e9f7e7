"""Tortoise models: fields, relations and Meta only. The rules live in services/."""

from .attachment import Attachment
from .audit import AuditEntry
from .category import Category
from .company import Company
from .counter import Counter
from .custom_field import CustomFieldDefinition, CustomFieldKind, CustomFieldValue
from .customer import Customer, CustomerKind, TaxIdStatus
from .invoice import Invoice, InvoiceKind, Payment, PaymentMethod
from .logo import Logo
from .note import Note, NoteKind
from .outbox import MessageKind, MessageStatus, OutboxMessage
from .product import Product
from .transfer import ImportBatch, ImportChange, ImportMapping, ImportStatus
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
    'ImportBatch',
    'ImportChange',
    'ImportMapping',
    'ImportStatus',
    'Invoice',
    'InvoiceKind',
    'Logo',
    'MessageKind',
    'MessageStatus',
    'Note',
    'NoteKind',
    'OutboxMessage',
    'Payment',
    'PaymentMethod',
    'Product',
    'Role',
    'Session',
    'TaxIdStatus',
    'User',
]
