"""ui/static/tailwind.css is what `make css` builds from the current sources (a class added in ui/ without
rebuilding would have no rule: NiceGUI runs without its Tailwind runtime). Needs `npm install` like the axe tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

import nicegui
import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / 'node_modules' / '.bin' / 'tailwindcss'


def test_the_committed_stylesheet_is_built_from_the_current_sources(tmp_path: Path) -> None:
    if not CLI.exists():
        pytest.fail(f'the Tailwind CLI is not installed ({CLI}): run `npm install` at the repository root')
    source = (ROOT / 'ui' / 'static' / 'tailwind.src.css').read_text()
    build = ROOT / 'build'
    build.mkdir(exist_ok=True)
    generated = build / 'tailwind.test.src.css'  # beside node_modules: Tailwind resolves its import from there
    generated.write_text(source.replace('@NICEGUI@', str(Path(nicegui.__file__).parent)))
    output = tmp_path / 'tailwind.css'
    subprocess.run(
        [str(CLI), '--input', str(generated), '--output', str(output), '--minify'],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    assert output.read_text() == (ROOT / 'ui' / 'static' / 'tailwind.css').read_text(), 'run `make css`'
