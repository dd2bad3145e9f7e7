"""Running Clientbook: backups and restores, nightly backups, health, log format, several app processes.

Imports `core` and `models` only.
"""
