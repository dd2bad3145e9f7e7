"""Email templates with `{placeholder}` fields. Only the named placeholders are filled: no format-string tricks.

The built-in texts are English, marked with `N_()`: translate them with `_()` inside `language(code)` for the
customer who receives them (see `services.invoicing.invoices`)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from services.core.i18n import N_, Translated

PLACEHOLDERS: Translated[str] = Translated(
    {
        'customer_name': N_("the customer's name"),
        'company_name': N_('your business name'),
        'invoice_number': N_('the invoice number'),
        'amount': N_('the invoice total with currency'),
        'due_date': N_('the date payment is due'),
    }
)

DEFAULT_WELCOME_SUBJECT = N_('Welcome to {company_name}: invoice {invoice_number}')
DEFAULT_WELCOME_BODY = N_(
    'Dear {customer_name},\n\n'
    'welcome to {company_name}! We are glad to have you with us.\n\n'
    'Please find attached invoice {invoice_number} over {amount}, payable by {due_date}.\n\n'
    'Kind regards,\n{company_name}'
)
INVOICE_SUBJECT = N_('Invoice {invoice_number} from {company_name}')
INVOICE_BODY = N_(
    'Dear {customer_name},\n\n'
    'please find attached invoice {invoice_number} over {amount}, payable by {due_date}.\n\n'
    'Kind regards,\n{company_name}'
)
REMINDER_SUBJECT = N_('Payment reminder: invoice {invoice_number} from {company_name}')
REMINDER_BODY = N_(
    'Dear {customer_name},\n\n'
    'our records show that invoice {invoice_number} was due on {due_date} and {amount} is still open.\n'
    'If you have already paid, thank you and please disregard this reminder. '
    'The invoice is attached once more.\n\n'
    'Kind regards,\n{company_name}'
)

_FIELD = re.compile(r'\{([A-Za-z_][A-Za-z0-9_]*)\}')


def fill(template: str, values: Mapping[str, str]) -> str:
    """Replace `{name}` for the known placeholders; anything else stays as written."""
    return _FIELD.sub(lambda match: values.get(match.group(1), match.group(0)), template)


def unknown_placeholders(template: str) -> list[str]:
    return sorted({name for name in _FIELD.findall(template) if name not in PLACEHOLDERS})
