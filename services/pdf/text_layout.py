"""One line of text laid out for the PDF: fonts per character, right-to-left runs in visual order, complex scripts
shaped.

- Bidi: the Unicode Bidirectional Algorithm (UAX #9, python-bidi's implementation) resolves each character's
  embedding level; runs of one level and one font are reordered by rule L2, so Hebrew and Arabic read right to left
  and numbers inside them left to right.
- Shaping: runs in scripts that need it (Arabic joining, Hebrew marks, Devanagari conjuncts, Thai marks) are shaped by
  HarfBuzz (uharfbuzz, through ReportLab's `shapeStr`), which also puts right-to-left glyphs in visual order.
- Other right-to-left runs (neutrals such as brackets between Hebrew words) are reversed and mirrored here.
- Wrapping: greedy by words within a width in points; a word wider than the line breaks between grapheme-like
  clusters (never inside a combining sequence).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from bidi import algorithm as uba
from bidi.mirror import MIRRORED
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr

from services.pdf.fonts import FontChain, chain

RTL_TYPES = frozenset({'R', 'AL', 'AN', 'RLE', 'RLO', 'RLI'})
# Blocks whose text HarfBuzz must shape: Hebrew through Myanmar (Arabic, Devanagari, Thai, ...), Arabic forms.
SHAPED_RANGES = ((0x0590, 0x109F), (0xA8E0, 0xA8FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF))


@dataclass(frozen=True)
class Piece:
    """A run drawn with one font, already in visual order: a plain string or a HarfBuzz-shaped one."""

    font: str
    text: str
    width_units: float  # width at size 1


def layout(text: str, weight: str) -> tuple[Piece, ...]:
    """The pieces of one line of `text`, left to right as they are drawn."""
    return _layout(text, weight)


def width(text: str, weight: str, size: float) -> float:
    return sum(piece.width_units for piece in layout(text, weight)) * size


@lru_cache(maxsize=20_000)
def _layout(text: str, weight: str) -> tuple[Piece, ...]:
    fonts = chain(weight)
    runs = _level_runs(text, fonts)
    return tuple(_piece(font, run, level) for font, run, level in _visual_order(runs))


def _level_runs(text: str, fonts: FontChain) -> list[tuple[str, str, int]]:
    """(font, text, bidi level) runs in logical order."""
    levels = _levels(text)
    runs: list[tuple[str, str, int]] = []
    for (font, piece), start in _font_runs(text, fonts):
        for offset, char in enumerate(piece):
            level = levels[start + offset]
            if runs and runs[-1][0] == font and runs[-1][2] == level:
                runs[-1] = (font, runs[-1][1] + char, level)
            else:
                runs.append((font, char, level))
    return runs


def _font_runs(text: str, fonts: FontChain) -> list[tuple[tuple[str, str], int]]:
    result = []
    start = 0
    for font, piece in fonts.runs(text):
        result.append(((font, piece), start))
        start += len(piece)
    return result


def _levels(text: str) -> list[int]:
    """Each character's resolved embedding level (all 0 for text without right-to-left characters)."""
    if not any(unicodedata.bidirectional(char) in RTL_TYPES for char in text):
        return [0] * len(text)
    storage = uba.get_empty_storage()
    base = uba.get_base_level(text)
    storage['base_level'] = base
    storage['base_dir'] = ('L', 'R')[base]
    uba.get_embedding_levels(text, storage, False, False)
    uba.explicit_embed_and_overrides(storage, False)
    uba.resolve_weak_types(storage, False)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    levels = [int(char['level']) for char in storage['chars']]
    # L1: whitespace at the end of the line takes the paragraph level.
    for index in range(len(text) - 1, -1, -1):
        if not text[index].isspace():
            break
        levels[index] = base
    return levels if len(levels) == len(text) else [base] * len(text)


def _visual_order(runs: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    """Rule L2: from the highest level down to the lowest odd one, reverse every sequence at that level or higher."""
    if not runs:
        return runs
    order = list(runs)
    highest = max(level for _, _, level in order)
    lowest_odd = min((level for _, _, level in order if level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if order[index][2] >= level:
                end = index
                while end < len(order) and order[end][2] >= level:
                    end += 1
                order[index:end] = reversed(order[index:end])
                index = end
            else:
                index += 1
    return order


def _piece(font: str, text: str, level: int) -> Piece:
    if font in pdfmetrics.getRegisteredFontNames() and _needs_shaping(text) and _shapable(font):
        shaped = shapeStr(text, font, 1000)
        if isinstance(shaped, ShapedStr):
            advance = sum(glyph.x_advance for glyph in shaped.__shapeData__) / 1000
            return Piece(font, shaped, advance)
    if level % 2:  # right to left, not shaped: reverse, with mirrored brackets
        text = ''.join(MIRRORED.get(char, char) for char in reversed(text))
    return Piece(font, text, pdfmetrics.stringWidth(text, font, 1))


def _needs_shaping(text: str) -> bool:
    return any(first <= ord(char) <= last for char in text for first, last in SHAPED_RANGES)


def _shapable(font: str) -> bool:
    return bool(getattr(pdfmetrics.getFont(font), 'shapable', False))


def wrap(text: str, limit: float, size: float, weight: str = 'regular') -> list[str]:
    """Greedy word wrap within `limit` points; words longer than that (e.g. CJK without spaces) break between
    characters (never inside a combining sequence)."""
    lines: list[str] = []
    current = ''
    for word in text.split(' '):
        candidate = f'{current} {word}' if current else word
        if width(candidate, weight, size) <= limit:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ''
        for cluster in _clusters(word):
            if width(current + cluster, weight, size) > limit and current:
                lines.append(current)
                current = ''
            current += cluster
    lines.append(current)
    return lines


def _clusters(word: str) -> list[str]:
    """A word split before each character that is not a combining mark or joiner (Thai vowels, Devanagari signs)."""
    clusters: list[str] = []
    for char in word:
        if clusters and (unicodedata.category(char) in ('Mn', 'Mc', 'Me') or char in '\u200c\u200d' or
                         clusters[-1].endswith(('\u200c', '\u200d', '\u094d'))):  # fmt: skip
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters
