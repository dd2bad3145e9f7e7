"""Shared UI helpers: dialogs, formatting, cross-client events and subscriptions that end with their element."""
