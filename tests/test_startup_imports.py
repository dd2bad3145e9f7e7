"""Start-up stays light: what `python main.py` imports before it serves leaves out the heavy packages that only some
pages or actions need (PDF writing and reading, spreadsheets, images). They load where they are used, see
notes/startup.md; importing one of them again at module level would put its import time back into every start."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Top-level packages and where they load instead: invoice PDFs (ReportLab, HarfBuzz, python-bidi) in the PDF worker
# processes and the welcome invoice's font check; pypdf (with fontTools) on a note attachment's upload check; pypdfium2
# on a page preview; openpyxl on an XLSX export; Pillow with a company logo (and pypdfium2's preview).
LAZY = ('reportlab', 'uharfbuzz', 'bidi', 'pypdf', 'fontTools', 'pypdfium2', 'openpyxl', 'PIL')
# What `main.py serve` imports before `ui.app.run` starts the server.
START = 'import main, services.ops.logs, services.ops.preflight, ui.app'


def modules_after(code: str) -> set[str]:
    """The top-level names in `sys.modules` after running `code` in a new interpreter in the project folder."""
    script = f'{code}\nimport json, sys\nprint(json.dumps(sorted({{m.split(".")[0] for m in sys.modules}})))'
    done = subprocess.run(
        [sys.executable, '-c', script], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_start_up_imports_none_of_the_lazily_loaded_packages() -> None:
    assert sorted(modules_after(START) & set(LAZY)) == []


def test_the_lazily_loaded_packages_are_installed() -> None:
    """The check above would pass for a misspelt name; the features themselves are tested where they are used."""
    assert [name for name in LAZY if importlib.util.find_spec(name) is None] == []
