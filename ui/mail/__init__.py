"""Showing received mail safely (the dev mailbox)."""
