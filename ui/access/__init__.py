"""Sign-in pages, the current session, and the security middleware."""
