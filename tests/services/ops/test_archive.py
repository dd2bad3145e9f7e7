"""Backup archives: what was written reads back verified; a truncated, altered or foreign archive is refused."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from services.ops.archive import ArchiveDamaged, Manifest, Source, read_manifest, unpack_verified, write_archive

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    database = tmp_path / 'clientbook.sqlite3'
    database.write_bytes(b'SQLite format 3\x00' + bytes(range(256)) * 400)
    attachment = tmp_path / 'a1b2c3'
    attachment.write_bytes(b'%PDF-1.7 contract')
    target = tmp_path / 'clientbook-20260101T020000Z.tar.gz'
    manifest = Manifest(
        created_at='2026-01-01T02:00:00+00:00', trigger='nightly', database='sqlite', schema_version='',
        counts={'customer': 3}, files=[],
    )  # fmt: skip
    write_archive(
        target, manifest, [Source('database/clientbook.sqlite3', database), Source('attachments/a1b2c3', attachment)]
    )
    return target


def test_an_archive_reads_back_with_every_file_checked(archive: Path, tmp_path: Path) -> None:
    manifest = unpack_verified(archive, tmp_path / 'out')
    assert [entry.path for entry in manifest.files] == ['database/clientbook.sqlite3', 'attachments/a1b2c3']
    assert (tmp_path / 'out' / 'attachments' / 'a1b2c3').read_bytes() == b'%PDF-1.7 contract'
    assert read_manifest(archive).counts == {'customer': 3}
    assert archive.stat().st_mode & 0o777 == 0o600


def test_a_truncated_archive_is_refused(archive: Path, tmp_path: Path) -> None:
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    with pytest.raises(ArchiveDamaged, match='damaged or incomplete'):
        unpack_verified(archive, tmp_path / 'out')


def test_an_archive_with_a_changed_file_is_refused(archive: Path, tmp_path: Path) -> None:
    members = _members(archive)
    members['attachments/a1b2c3'] = b'%PDF-1.7 contrbct'  # same size, one byte different
    _rewrite(archive, members)
    with pytest.raises(ArchiveDamaged, match='attachments/a1b2c3 differs from the manifest'):
        unpack_verified(archive, tmp_path / 'out')


def test_a_flipped_byte_in_the_compressed_stream_is_refused(archive: Path, tmp_path: Path) -> None:
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    with pytest.raises(ArchiveDamaged):
        unpack_verified(archive, tmp_path / 'out')


def test_files_the_manifest_does_not_name_or_may_not_name_are_refused(archive: Path, tmp_path: Path) -> None:
    members = _members(archive)
    _rewrite(archive, {**members, 'attachments/extra': b'x'})
    with pytest.raises(ArchiveDamaged, match='unexpected entry: attachments/extra'):
        unpack_verified(archive, tmp_path / 'out')

    manifest = json.loads(members['manifest.json'])
    manifest['files'][1]['path'] = '../../etc/cron.d/x'
    _rewrite(archive, {**members, 'manifest.json': json.dumps(manifest).encode()})
    with pytest.raises(ArchiveDamaged, match='names files it may not hold'):
        unpack_verified(archive, tmp_path / 'out')


def test_a_missing_file_or_a_foreign_archive_is_refused(archive: Path, tmp_path: Path) -> None:
    members = _members(archive)
    del members['attachments/a1b2c3']
    _rewrite(archive, members)
    with pytest.raises(ArchiveDamaged, match='incomplete: attachments/a1b2c3 is missing'):
        unpack_verified(archive, tmp_path / 'out')
    _rewrite(archive, {'notes.txt': b'hello'})
    with pytest.raises(ArchiveDamaged, match='not a Clientbook backup'):
        unpack_verified(archive, tmp_path / 'out')


def test_the_restore_command_refuses_a_damaged_archive_and_touches_nothing(archive: Path, tmp_path: Path) -> None:
    data = archive.read_bytes()
    archive.write_bytes(data[:-200])
    target = tmp_path / 'fresh'
    result = subprocess.run(
        [sys.executable, str(ROOT / 'main.py'), 'restore', str(archive)],
        env={'PATH': '/usr/bin:/bin', 'CLIENTBOOK_DATA_DIR': str(target)},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert 'The archive is damaged or incomplete' in result.stderr
    assert not (target / 'clientbook.sqlite3').exists()
    assert not (target / 'attachments').exists() or not any((target / 'attachments').iterdir())


def _members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive, 'r:gz') as tar:
        return {member.name: tar.extractfile(member).read() for member in tar.getmembers()}  # type: ignore[union-attr]


def _rewrite(archive: Path, members: dict[str, bytes]) -> None:
    with tarfile.open(archive, 'w:gz') as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
