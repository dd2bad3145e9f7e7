"""Private notes on customers and their PDF attachments: the checks a PDF must pass and the file store.

Imports `core` only (notes refer to customers by id; the customers package reads and erases them).
"""
