"""The backup archive: one `.tar.gz` whose first member is a manifest with the SHA-256 and size of every other file.

Layout: `manifest.json`, then `database/clientbook.sqlite3` (SQLite) or `database/clientbook.pgdump` (PostgreSQL,
`pg_dump --format=custom`), then `attachments/<stored name>`. Reading verifies as it goes; anything that does not
match the manifest (a truncated or altered archive, an extra or missing file, a link, a path outside the archive)
raises `ArchiveDamaged` and nothing is kept.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tarfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel, Field, ValidationError

from services.core.errors import ClientbookError
from services.core.i18n import _

FORMAT = 'clientbook-backup'
VERSION = 1
MANIFEST = 'manifest.json'
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
CHUNK = 1024 * 1024
MEMBER_PATH = re.compile(r'^(database/clientbook\.(sqlite3|pgdump)|attachments/[0-9A-Za-z]{1,64})$')
COMPRESS_LEVEL = 1  # the database dominates; level 1 is several times faster than 9 and nearly as small


class ArchiveDamaged(ClientbookError):
    """The archive cannot be trusted: the message says what is wrong."""


class FileEntry(BaseModel):
    path: str
    size: int = Field(ge=0)
    sha256: str = Field(pattern=r'^[0-9a-f]{64}$')


class Manifest(BaseModel):
    """What a backup holds. `counts`: rows per table at the moment of the snapshot."""

    format: str = FORMAT
    version: int = VERSION
    created_at: str
    trigger: str  # nightly | manual | command
    database: str  # sqlite | postgres
    schema_version: str  # the newest migration applied to the database
    counts: dict[str, int]
    files: list[FileEntry]
    warnings: list[str] = []
    snapshot_seconds: float = 0.0


@dataclass(frozen=True)
class Source:
    """A file to put into the archive under `path`."""

    path: str
    file: Path


def sha256_of(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open('rb') as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def write_archive(target: Path, manifest: Manifest, sources: Iterable[Source]) -> Manifest:
    """Hash every source, then write manifest and files to `target` (via a `.part` file, renamed when complete).

    The files are hashed again while they are written; a file that changed in between fails the backup.
    """
    sources = list(sources)
    entries = []
    for source in sources:
        digest, size = sha256_of(source.file)
        entries.append(FileEntry(path=source.path, size=size, sha256=digest))
    manifest = manifest.model_copy(update={'files': entries})
    partial = target.with_name(target.name + '.part')
    try:
        with partial.open('wb') as raw:
            partial.chmod(0o600)  # every customer's data: readable by the account that runs Clientbook only
            with tarfile.open(fileobj=raw, mode='w:gz', compresslevel=COMPRESS_LEVEL) as tar:
                data = manifest.model_dump_json(indent=1).encode()
                tar.addfile(_info(MANIFEST, len(data)), io.BytesIO(data))
                for source, entry in zip(sources, entries, strict=True):
                    with source.file.open('rb') as file:
                        reader = _HashingReader(file)
                        tar.addfile(_info(entry.path, entry.size), reader)
                    if reader.digest.hexdigest() != entry.sha256:
                        raise ArchiveDamaged(_('{path} changed while it was being backed up').format(path=entry.path))
            raw.flush()
            os.fsync(raw.fileno())
        partial.rename(target)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def read_manifest(archive: Path) -> Manifest:
    """Only the manifest (the first member): quick, for listings. Does not check the files."""
    try:
        with tarfile.open(archive, mode='r:gz') as tar:
            return _manifest(tar)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise ArchiveDamaged(_('The archive is damaged or incomplete')) from error


def unpack_verified(archive: Path, into: Path) -> Manifest:
    """Extract the archive below `into` (an empty folder), checking every file against the manifest.

    Raises:
        ArchiveDamaged: truncated, altered, or not a Clientbook backup; `into` may then hold partial files.
    """
    try:
        with tarfile.open(archive, mode='r:gz') as tar:
            manifest = _manifest(tar)
            expected = {entry.path: entry for entry in manifest.files}
            seen: set[str] = set()
            while (member := tar.next()) is not None:
                entry = expected.get(member.name)
                if entry is None or member.name in seen or not member.isfile():
                    raise ArchiveDamaged(_('The archive holds an unexpected entry: {name}').format(name=member.name))
                seen.add(member.name)
                _extract(tar, member, entry, into)
    except (tarfile.TarError, EOFError, zlib.error) as error:
        raise ArchiveDamaged(_('The archive is damaged or incomplete')) from error
    missing = sorted(set(expected) - seen)
    if missing:
        raise ArchiveDamaged(_('The archive is incomplete: {path} is missing').format(path=missing[0]))
    return manifest


def _manifest(tar: tarfile.TarFile) -> Manifest:
    first = tar.next()
    if first is None or first.name != MANIFEST or not first.isfile() or first.size > MAX_MANIFEST_BYTES:
        raise ArchiveDamaged(_('This is not a Clientbook backup (it has no manifest)'))
    handle = tar.extractfile(first)
    assert handle is not None
    try:
        data: Any = json.loads(handle.read())
        manifest = Manifest.model_validate(data)
    except (ValueError, ValidationError) as error:
        raise ArchiveDamaged(_('The manifest of this backup cannot be read')) from error
    if manifest.format != FORMAT or manifest.version > VERSION:
        raise ArchiveDamaged(_('This is not a backup this version of Clientbook can read'))
    paths = [entry.path for entry in manifest.files]
    if len(set(paths)) != len(paths) or not all(MEMBER_PATH.match(path) for path in paths):
        raise ArchiveDamaged(_('The manifest of this backup names files it may not hold'))
    return manifest


def _extract(tar: tarfile.TarFile, member: tarfile.TarInfo, entry: FileEntry, into: Path) -> None:
    if member.size != entry.size:
        raise ArchiveDamaged(_('{path} has a different size than the manifest says').format(path=entry.path))
    handle = tar.extractfile(member)
    assert handle is not None
    target = into / entry.path  # safe: MEMBER_PATH allows no '..', no absolute path
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with target.open('wb') as out:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != entry.sha256:
        raise ArchiveDamaged(_('{path} differs from the manifest (the archive was altered)').format(path=entry.path))


def _info(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    return info


class _HashingReader:
    """A read-only file wrapper that hashes what tarfile reads from it."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.file.read(size)
        self.digest.update(chunk)
        return chunk
