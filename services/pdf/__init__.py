"""Invoice PDFs: fonts that cover many scripts, the layout, and rendering in worker processes.

Imports `core` only. A package of its own, not part of `invoicing`, because the mail worker renders an invoice's PDF
when it sends it and `invoicing` queues mail when it issues: both sit above it.
"""
