"""Customers: registration (with the welcome invoice), drafts and their validation, duplicates, field definitions
and custom fields, categories, views, the registration settings and the CSV export; `list/` for the table's query,
`edit/` for the one write path of changes (and bulk actions, history), `privacy/` for data export and erasure.

Imports `core`, `notes` and `invoicing` (registration issues the welcome invoice; export and erasure reach notes).
"""
