"""Where attachment files live: the data dir, under random names, outside every static route."""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from services.core.settings import AppSettings


@dataclass
class FileStore:
    root: Path
    max_bytes: int

    def save(self, data: bytes) -> tuple[str, str]:
        """Write the bytes under a new random name; returns (stored name, SHA-256)."""
        self.root.mkdir(parents=True, exist_ok=True)
        name = uuid.uuid4().hex
        temporary = self.root / f'.{name}.part'
        with temporary.open('wb') as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        temporary.rename(self.root / name)
        return name, hashlib.sha256(data).hexdigest()

    def path(self, stored_name: str) -> Path:
        if not stored_name.isalnum():  # names are uuid4 hex; anything else is not ours
            raise ValueError('bad stored name')
        return self.root / stored_name

    def delete(self, stored_name: str) -> None:
        self.path(stored_name).unlink(missing_ok=True)


store = FileStore(root=Path('data/attachments'), max_bytes=20 * 1024 * 1024)


def configure(settings: AppSettings) -> None:
    store.root = settings.attachments_dir
    store.max_bytes = settings.max_attachment_mb * 1024 * 1024
