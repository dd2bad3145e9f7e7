"""Reports: income by customer category over a period (series, table, comparison, new customers) and its exports.

Reads invoices, payments, customers and their categories; writes nothing. Imports `core`, `invoicing` and
`customers`.
"""
