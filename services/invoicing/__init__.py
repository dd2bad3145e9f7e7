"""Invoices and what they need: drafts and issuing (gap-free numbers), views and status, payments, the product and
service catalogue, the company profile printed on invoices and its logo.

Imports `core`, `pdf` and `mail` (issuing an invoice queues its emails in the same transaction).
"""
