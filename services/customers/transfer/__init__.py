"""Bringing customers in and taking them out: reading CSV/TSV/XLSX/vCard files (`reading`), mapping columns to
fields (`mapping`), previewing and running an import (`preview`, `run`), undoing one (`undo`), and the vCard export
(`vcard_export`). Every imported row goes through the registration form's validators (`drafts.check_draft`).
"""
