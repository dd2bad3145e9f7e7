"""`CLIENTBOOK_WORKERS=N`: N processes need PostgreSQL; with SQLite the start is refused with the reason."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_several_workers_on_sqlite_are_refused_with_the_reason(app_environment: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / 'main.py')],
        env={'PATH': '/usr/bin:/bin', 'CLIENTBOOK_DATA_DIR': str(app_environment), 'CLIENTBOOK_WORKERS': '3'},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert 'CLIENTBOOK_WORKERS=3 needs PostgreSQL' in result.stderr
