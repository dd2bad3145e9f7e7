"""Runtime configuration from `CLIENTBOOK_*` environment variables and an optional `.env` file."""

from __future__ import annotations

import json
import re
import secrets
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class AppSettings(BaseSettings):
    """Everything that may differ between two installations of Clientbook."""

    model_config = SettingsConfigDict(env_prefix='CLIENTBOOK_', env_file='.env', extra='ignore')

    data_dir: Path = Path('data')
    database_url: str | None = None
    host: str = '0.0.0.0'  # noqa: S104 - serving the LAN is the point of the product
    port: int = Field(default=8080, ge=1, le=65535)
    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    smtp_timeout: float = Field(default=30.0, gt=0)
    mail_from: str | None = None
    mail_lease_minutes: float = Field(default=10, gt=0, le=1440)  # a sending claim not renewed this long is recovered
    dev_mailbox_port: int = Field(default=0, ge=0, le=65535)
    # `crm.office.lan`, `crm.office.lan, 192.168.1.20` or JSON `["crm.office.lan"]`: see `_host_list`.
    allowed_hosts: Annotated[list[str] | None, NoDecode] = None
    storage_secret: str | None = None
    session_idle_minutes: int = Field(default=60, ge=1)
    session_max_hours: int = Field(default=12, ge=1)
    secure_cookies: bool | None = None  # None: Secure when the request came over HTTPS
    max_attachment_mb: int = Field(default=20, ge=1, le=500)
    max_import_mb: int = Field(default=50, ge=1, le=500)  # largest CSV/XLSX/vCard file a user may import
    workers: int = Field(default=1, ge=1, le=32)  # app processes on ports port .. port + workers - 1 (PostgreSQL)
    log_format: Literal['text', 'json'] = 'text'
    backup_dir: Path | None = None  # default: data_dir / 'backups'
    backup_keep_days: int = Field(default=14, ge=1, le=3650)  # daily automatic backups kept
    backup_hour: int = Field(default=2, ge=0, le=23)  # local hour of the nightly backup

    @field_validator('allowed_hosts', mode='before')
    @classmethod
    def _host_list(cls, value: Any) -> Any:
        """Host names as people write them (comma- or space-separated), or a JSON list."""
        if not isinstance(value, str):
            return value
        text = value.strip()
        if text.startswith('['):
            try:
                return json.loads(text)
            except json.JSONDecodeError as error:
                raise ValueError(f'not a JSON list of host names: {error.msg}') from None
        hosts = [part.strip().strip('"\'') for part in re.split(r'[,\s]+', text)]
        return [host for host in hosts if host] or None

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / 'attachments'

    @property
    def backups_dir(self) -> Path:
        return self.backup_dir or self.data_dir / 'backups'

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / 'clientbook.sqlite3'

    def resolved_database_url(self) -> str:
        """The configured database, or SQLite inside the data dir."""
        return self.database_url or f'sqlite://{self.sqlite_path}'

    def resolved_storage_secret(self) -> str:
        """The configured secret, or one generated once and kept in the data dir."""
        if self.storage_secret:
            return self.storage_secret
        path = self.data_dir / 'storage-secret'
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(32))
            path.chmod(0o600)
        return path.read_text().strip()
