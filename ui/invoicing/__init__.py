"""Invoice editor and summary, the welcome invoice in the form, the profile's invoices, payments."""
