"""Fonts for invoice PDFs: a fallback chain so names and addresses in any common script render, not as boxes.

DejaVu Sans covers Latin with every accent, Greek and Cyrillic; Nanum Gothic covers Hangul (and common Hanja);
Droid Sans Fallback covers Chinese and Japanese. All three are TrueType fonts from Debian packages (fonts-dejavu-core,
fonts-nanum, fonts-droid-fallback). Each character is drawn with the first font of the chain that has it.
ReportLab parses a font once per process and embeds only the glyphs a document uses.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

log = logging.getLogger(__name__)

CHAINS: dict[str, tuple[str, ...]] = {
    'regular': ('DejaVuSans.ttf', 'NanumGothic.ttf', 'DroidSansFallbackFull.ttf'),
    'bold': ('DejaVuSans-Bold.ttf', 'NanumGothicBold.ttf', 'DroidSansFallbackFull.ttf'),
}
BUILT_IN = {'regular': 'Helvetica', 'bold': 'Helvetica-Bold'}  # Latin-1 only: the last resort
MAX_REMEMBERED_RUNS = 20_000
FONT_DIRS = ('/usr/share/fonts', '/usr/local/share/fonts', '~/.local/share/fonts', '~/.fonts')


@cache
def find_font(filename: str) -> Path | None:
    """Look for a font file in `CLIENTBOOK_FONT_DIR` and the usual font folders."""
    folders = [os.environ.get('CLIENTBOOK_FONT_DIR', ''), *FONT_DIRS]
    for folder in folders:
        if not folder:
            continue
        root = Path(folder).expanduser()
        if (root / filename).is_file():
            return root / filename
        if root.is_dir():
            found = next(root.rglob(filename), None)
            if found is not None:
                return found
    return None


def missing_fonts() -> list[str]:
    """Font files of the chains that are not installed (for a warning at start-up)."""
    names = sorted({name for chain in CHAINS.values() for name in chain})
    return [name for name in names if find_font(name) is None]


@dataclass
class FontChain:
    """The fonts of one weight, registered with ReportLab on first use, with a per-character choice."""

    weight: str
    _names: list[str] = field(default_factory=list)
    _coverage: list[frozenset[int]] = field(default_factory=list)
    _choice: dict[str, str] = field(default_factory=dict)
    _pending: list[Path] = field(default_factory=list)
    _runs: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._pending = [path for name in CHAINS[self.weight] if (path := find_font(name)) is not None]
        if not self._pending:
            log.warning('No TrueType fonts found for invoice PDFs; only Latin-1 text will render')

    @property
    def primary(self) -> str:
        return self._names[0] if self._names or self._register_next() else BUILT_IN[self.weight]

    def font_for(self, char: str) -> str:
        """The first font of the chain that has a glyph for `char` (fonts further down load only when needed)."""
        known = self._choice.get(char)
        if known is not None:
            return known
        code = ord(char)
        index = 0
        while True:
            if index >= len(self._names) and not self._register_next():
                font = self.primary
                break
            if code in self._coverage[index] or char.isspace():
                font = self._names[index]
                break
            index += 1
        self._choice[char] = font
        return font

    def runs(self, text: str) -> list[tuple[str, str]]:
        """Split `text` into (font name, piece) runs (remembered: labels and amounts repeat on every invoice)."""
        known = self._runs.get(text)
        if known is not None:
            return known
        runs: list[tuple[str, str]] = []
        for char in text:
            font = self.font_for(char)
            if runs and runs[-1][0] == font:
                runs[-1] = (font, runs[-1][1] + char)
            else:
                runs.append((font, char))
        if len(self._runs) > MAX_REMEMBERED_RUNS:
            self._runs.clear()
        self._runs[text] = runs
        return runs

    def width(self, text: str, size: float) -> float:
        return float(sum(pdfmetrics.stringWidth(piece, font, size) for font, piece in self.runs(text)))

    def _register_next(self) -> bool:
        if not self._pending:
            return False
        path = self._pending.pop(0)
        name = f'cb-{self.weight}-{path.stem}'
        font = TTFont(name, str(path))
        pdfmetrics.registerFont(font)
        self._names.append(name)
        self._coverage.append(frozenset(font.face.charToGlyph))
        return True


@cache
def chain(weight: str) -> FontChain:
    """One chain per weight and process (the PDF worker processes keep theirs warm)."""
    return FontChain(weight)
