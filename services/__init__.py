"""The domain of Clientbook: use cases, validation, mail and persistence rules. Never imports nicegui."""
