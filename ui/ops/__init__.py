"""Running the app: backups page pieces, the header's backup warning, the health route, the ops lifecycle."""
