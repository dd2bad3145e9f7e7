"""Email: building messages, the outbox and its worker, the SMTP client and the built-in dev mailbox."""
