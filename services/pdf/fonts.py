"""Fonts for invoice PDFs: a fallback chain so names and addresses in any common script render, not as boxes.

DejaVu Sans covers Latin with every accent, Greek and Cyrillic; Nanum Gothic covers Hangul (and common Hanja);
Droid Sans Fallback covers Chinese and Japanese; Noto Sans Thai, Devanagari, Hebrew and Arabic cover those scripts.
All are TrueType fonts from Debian packages (fonts-dejavu-core, fonts-nanum, fonts-droid-fallback, fonts-noto-core).
Each character is drawn with its script's font when `SCRIPT_FONTS` names one (DejaVu has some Hebrew and Arabic, but
Noto has the shaping tables those scripts need), else with the first font of the chain that has it. A character no
font has is reported by `FontChain.missing` (the UI warns) and printed as `MISSING`, never as an empty box.
ReportLab parses a font once per process and embeds only the glyphs a document uses.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

# (first, last code point, font of that weight): scripts whose own font must win over the chain's order.
SCRIPTS = (
    (0x0590, 0x05FF, 'Hebrew'),
    (0xFB1D, 0xFB4F, 'Hebrew'),
    (0x0600, 0x06FF, 'Arabic'),
    (0x0750, 0x077F, 'Arabic'),
    (0x08A0, 0x08FF, 'Arabic'),
    (0xFB50, 0xFDFF, 'Arabic'),
    (0xFE70, 0xFEFF, 'Arabic'),
    (0x0900, 0x097F, 'Devanagari'),
    (0xA8E0, 0xA8FF, 'Devanagari'),
    (0x0E00, 0x0E7F, 'Thai'),
)
SCRIPT_FONTS: dict[str, dict[str, str]] = {
    'regular': {script: f'NotoSans{script}-Regular.ttf' for script in ('Hebrew', 'Arabic', 'Devanagari', 'Thai')},
    'bold': {script: f'NotoSans{script}-Bold.ttf' for script in ('Hebrew', 'Arabic', 'Devanagari', 'Thai')},
}
CHAINS: dict[str, tuple[str, ...]] = {
    'regular': (
        'DejaVuSans.ttf', 'NanumGothic.ttf', 'DroidSansFallbackFull.ttf', *SCRIPT_FONTS['regular'].values(),
    ),
    'bold': ('DejaVuSans-Bold.ttf', 'NanumGothicBold.ttf', 'DroidSansFallbackFull.ttf', *SCRIPT_FONTS['bold'].values()),
}  # fmt: skip
MISSING = '?'  # printed for a character that no font has (the UI has warned about it)
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
    _files: list[str] = field(default_factory=list)
    _runs: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._pending = [path for name in CHAINS[self.weight] if (path := find_font(name)) is not None]
        if not self._pending:
            log.warning('No TrueType fonts found for invoice PDFs; only Latin-1 text will render')

    @property
    def primary(self) -> str:
        return self._names[0] if self._names or self._register_next() else BUILT_IN[self.weight]

    def font_for(self, char: str) -> str:
        """The script's own font, or the first font of the chain that has a glyph for `char` (fonts further down load
        only when needed); `MISSING_FONT` when none has it."""
        known = self._choice.get(char)
        if known is not None:
            return known
        code = ord(char)
        preferred = _script_font(self.weight, code)
        font = MISSING_FONT
        index = 0
        while True:
            if index >= len(self._names) and not self._register_next():
                break
            if char.isspace() and not preferred:
                font = self._names[index]
                break
            if code in self._coverage[index] and (preferred is None or self._files[index] == preferred):
                font = self._names[index]
                break
            index += 1
        if font == MISSING_FONT and preferred is not None:
            font = next((n for n, c in zip(self._names, self._coverage, strict=True) if code in c), MISSING_FONT)
        self._choice[char] = font
        return font

    def missing(self, text: str) -> set[str]:
        """The characters of `text` that no installed font can print (they would print as boxes)."""
        return {char for char in text if not char.isspace() and self.font_for(char) == MISSING_FONT}

    def runs(self, text: str) -> list[tuple[str, str]]:
        """Split `text` into (font name, piece) runs (remembered: labels and amounts repeat on every invoice)."""
        known = self._runs.get(text)
        if known is not None:
            return known
        runs: list[tuple[str, str]] = []
        for char in text:
            font = self.font_for(char)
            if font == MISSING_FONT:
                font, char = self.primary, MISSING
            if runs and runs[-1][0] == font:
                runs[-1] = (font, runs[-1][1] + char)
            else:
                runs.append((font, char))
        if len(self._runs) > MAX_REMEMBERED_RUNS:
            self._runs.clear()
        self._runs[text] = runs
        return runs

    def width(self, text: str, size: float) -> float:
        from reportlab.pdfbase import pdfmetrics

        return float(sum(pdfmetrics.stringWidth(piece, font, size) for font, piece in self.runs(text)))

    def _register_next(self) -> bool:
        if not self._pending:
            return False
        # ReportLab loads with the first font: in a PDF worker process, or in the app when a form checks what prints
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        path = self._pending.pop(0)
        name = f'cb-{self.weight}-{path.stem}'
        font = TTFont(name, str(path))
        pdfmetrics.registerFont(font)
        self._names.append(name)
        self._files.append(path.name)
        self._coverage.append(frozenset(font.face.charToGlyph))
        return True


MISSING_FONT = ''


def _script_font(weight: str, code: int) -> str | None:
    for first, last, script in SCRIPTS:
        if first <= code <= last:
            return SCRIPT_FONTS[weight][script]
    return None


@cache
def chain(weight: str) -> FontChain:
    """One chain per weight and process (the PDF worker processes keep theirs warm)."""
    return FontChain(weight)


def unprintable(*texts: str) -> str:
    """The characters of `texts` that no installed font can print on an invoice (for a warning before sending)."""
    regular = chain('regular')
    found: set[str] = set()
    for text in texts:
        found |= regular.missing(''.join(char for char in text if ord(char) >= LATIN_COVERED))
    return ''.join(sorted(found))


LATIN_COVERED = 0x0250  # Latin-1 and Latin Extended: always in the first font (DejaVu Sans), no need to look
