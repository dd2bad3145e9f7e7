"""The profile's notes with their PDF attachments."""
