"""Team access: accounts and roles, passwords (argon2id), sessions and sign-in throttling.

Imports `core` only.
"""
