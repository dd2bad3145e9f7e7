"""The domain of Clientbook, one package per bounded context; never imports nicegui.

Packages depend one way (checked by tests/test_layering.py):
core <- notes, access, pdf <- mail <- invoicing <- customers <- demo.
A package imports only those to its left; `models` is below them all.
"""
