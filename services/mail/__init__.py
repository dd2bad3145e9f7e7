"""Email: templates and message building, the outbox and its worker, payment reminders, the SMTP client and the
built-in development mailbox.

Imports `core` and `pdf`. Invoices reach it as outbox rows and model reads; it never imports `invoicing`.
"""
