"""Settings pieces: the company form and the settings navigation."""
