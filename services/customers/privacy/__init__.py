"""A customer's personal data on request: export everything (ZIP) and erase it (invoices stay, anonymised)."""
