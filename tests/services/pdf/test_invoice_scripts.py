"""Invoice PDFs print every name: each script with real glyphs (checked on the rendered page, not by text
extraction), right-to-left text in visual order, Arabic joined, and no free-text field runs out of its column."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.pdfgen.canvas import Canvas

from services.pdf.fonts import MISSING, chain, unprintable
from services.pdf.invoice_pdf import (
    BUYER_WIDTH,
    HALF_WIDTH,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    InvoiceDocument,
    render_invoice_pdf,
)
from services.pdf.text_layout import layout

SCALE = 4
NAMES = {
    'Thai': 'บริษัท สมชาย จำกัด',
    'Devanagari': 'श्री गणेश ट्रेडर्स',
    'Hebrew': 'חברת שלום בע"מ',
    'Arabic': 'شركة الأمل للتجارة',
    'Hangul': '김민준',
    'Chinese': '山田太郎商店',
    'Greek': 'Αθηνά Παπαδοπούλου',
    'Cyrillic': 'Иван Петров',
    'Latin': 'Łukasz Żółć Ørsted',
}


def document(**buyer: str) -> InvoiceDocument:
    return InvoiceDocument(
        number='2026-0001', issue_date='2026-03-02', due_date='2026-03-16', currency='EUR',
        seller={'name': 'Bäckerei Müller GmbH', 'address': 'Hauptstraße 5\n10115 Berlin', 'tax_id': 'DE136695976',
                'email': 'hallo@mueller.example', 'payment_instructions': 'IBAN DE89 3704 0044 0532 0130 00'},
        buyer={'number': 'C-00001', 'name': 'X', 'country_name': 'Germany', **buyer},
        lines=[{'description': 'Beratung', 'quantity': '3', 'unit': 'h', 'unit_price': '1.005', 'vat_rate': '19',
                'net': '3.02'}],
        vat=[{'rate': '19', 'net': '3.02', 'vat': '0.57'}], net_total='3.02', vat_total='0.57', total='3.59',
    )  # fmt: skip


def page_image(pdf: bytes) -> Image.Image:
    return pdfium.PdfDocument(pdf)[0].render(scale=SCALE).to_pil().convert('L')


def ink(image: Image.Image) -> Image.Image:
    """Black and white: what is printed (1) and what is paper (0)."""
    return image.point(lambda value: 255 if value < 160 else 0).convert('1')


def glyph_images(region: Image.Image) -> list[Image.Image]:
    """The printed region cut into the shapes between blank columns, each cropped to its ink."""
    width, height = region.size
    pixels = region.load()
    columns = [any(pixels[x, y] for y in range(height)) for x in range(width)]
    shapes, start = [], None
    for x, inked in enumerate([*columns, False]):
        if inked and start is None:
            start = x
        elif not inked and start is not None:
            shape = region.crop((start, 0, x, height))
            shapes.append(shape.crop(shape.getbbox()))
            start = None
    return shapes


def reference_glyph(char: str, font: str) -> Image.Image:
    """`char` drawn straight with ReportLab in `font` at the buyer name's size: for a character the font lacks, the
    font's .notdef box that the old invoices printed."""
    canvas = Canvas(buffer := __import__('io').BytesIO(), pagesize=(100, 40))
    canvas.setFont(font, 11)
    canvas.drawString(10, 15, char)
    canvas.save()
    image = ink(pdfium.PdfDocument(buffer.getvalue())[0].render(scale=SCALE).to_pil().convert('L'))
    return image.crop(image.getbbox())


def same(one: Image.Image, other: Image.Image) -> bool:
    """The same printed shape, give or take a pixel of anti-aliasing at another position on the page."""
    if abs(one.width - other.width) > 1 or abs(one.height - other.height) > 1:
        return False
    difference = ImageChops.logical_xor(one.resize(other.size), other)
    return difference.convert('L').histogram()[255] < 0.08 * other.width * other.height


@pytest.mark.parametrize('script', list(NAMES))
def test_every_script_prints_with_real_glyphs(script: str) -> None:
    name = NAMES[script]
    assert unprintable(name) == ''
    with_name = page_image(render_invoice_pdf(document(name=name)))
    without = page_image(render_invoice_pdf(document(name='')))
    box = ImageChops.difference(with_name, without).getbbox()
    assert box is not None, 'the name printed nothing'
    shapes = glyph_images(ink(with_name.crop(box)))
    bold = chain('bold')
    notdef = reference_glyph('\ue000', bold.primary)  # no font has a private-use character: a box
    question = reference_glyph(MISSING, bold.primary)
    assert shapes
    assert not [shape for shape in shapes if same(shape, notdef) or same(shape, question)]


def test_missing_glyphs_are_reported_and_not_printed_as_boxes() -> None:
    assert unprintable('Ana \ue000 Müller', '김민준') == '\ue000'
    pieces = layout('A\ue000B', 'regular')
    assert MISSING in ''.join(str(piece.text) for piece in pieces)


def test_hebrew_is_laid_out_right_to_left() -> None:
    pieces = layout('שלום', 'regular')
    assert ''.join(str(piece.text) for piece in pieces if not isinstance(piece.text, ShapedStr)) in ('', 'םולש')
    shaped = [piece for piece in pieces if isinstance(piece.text, ShapedStr)]
    if shaped:  # HarfBuzz puts the glyphs in visual order: the last letter (mem) first
        clusters = [glyph.cluster for glyph in shaped[0].text.__shapeData__]
        assert clusters == sorted(clusters, reverse=True)


def test_mixed_lines_follow_the_bidi_algorithm() -> None:
    # UAX #9: in a left-to-right line, a number after a Hebrew word belongs to the right-to-left run (as browsers
    # show it): "Firma 123 םולש" from left to right.
    pieces = layout('Firma שלום 123', 'regular')
    texts = [str(piece.text).strip() for piece in pieces if str(piece.text).strip()]
    assert texts[:2] == ['Firma', '123']
    assert all('\u05d0' <= char <= '\u05ea' for char in texts[2])


def test_arabic_letters_are_joined() -> None:
    pieces = layout('شركة', 'regular')
    [shaped] = [piece for piece in pieces if isinstance(piece.text, ShapedStr)]
    nominal = [chain('regular').font_for(char) for char in 'شركة']
    assert len(set(nominal)) == 1
    from reportlab.pdfbase import pdfmetrics

    font = pdfmetrics.getFont(shaped.font)
    isolated = [font.face.charToGlyph[ord(char)] for char in 'شركة']
    drawn = [glyph.gid if hasattr(glyph, 'gid') else glyph[0] for glyph in shaped.text.__shapeData__]
    assert {int(gid) for gid in drawn} != set(isolated)  # contextual (initial, medial, final) forms were chosen


# Every free-text field of the header, the address blocks and the footer at its maximum length.
LONG = {
    'seller.name': 200, 'seller.address': 1000, 'seller.tax_id': 40, 'seller.email': 254,
    'buyer.name': 200, 'buyer.contact_person': 200, 'buyer.street': 200, 'buyer.postal_code': 20, 'buyer.city': 100,
    'buyer.tax_id': 40,
}  # fmt: skip


def words(length: int, letter: str) -> str:
    text = ' '.join(letter * 11 for _ in range(length // 12 + 1))
    return text[:length]


def char_boxes(pdf: bytes) -> list[tuple[str, float, float, float, float]]:
    page = pdfium.PdfDocument(pdf)[0]
    text = page.get_textpage()
    boxes = []
    for index in range(text.count_chars()):
        char = text.get_text_range(index, 1)
        if char.strip():
            left, bottom, right, top = text.get_charbox(index)
            boxes.append((char, left, bottom, right, top))
    return boxes


@pytest.mark.parametrize('field', list(LONG))
def test_every_free_text_field_wraps_within_its_column_at_its_maximum_length(field: str) -> None:
    part, key = field.split('.')
    doc = document()
    value = words(LONG[field], 'W')
    if key == 'address':
        value = '\n'.join(words(90, 'W') for _ in range(11))[: LONG[field]]
    doc = replace(doc, **{part: {**getattr(doc, part), key: value}})
    boxes = char_boxes(render_invoice_pdf(doc))
    mine = [box for box in boxes if box[0] == 'W']
    assert mine
    if part == 'seller':  # the seller's column at the right; without a logo the name also heads the left column
        columns = [(PAGE_WIDTH - MARGIN - HALF_WIDTH - 1, PAGE_WIDTH - MARGIN + 1)]
        columns += [(MARGIN - 1, MARGIN + HALF_WIDTH + 1)] if key == 'name' else []
        mine = [box for box in mine if box[2] > 60]  # the footer repeats the seller's name and tax ID
    else:
        columns = [(MARGIN - 1, MARGIN + BUYER_WIDTH + 1)]
    for _, left, _, right, _ in mine:
        assert any(low <= left and right <= high for low, high in columns), (field, left, right)
    others = [box for box in boxes if box[0] != 'W']
    overlapping = [(a, b) for a in mine for b in others if _overlap(a, b)]
    assert not overlapping, overlapping[:3]


def test_the_footer_wraps_within_the_page() -> None:
    doc = document()
    doc = replace(doc, seller={**doc.seller, 'name': words(200, 'N'), 'tax_id': words(40, 'T')})
    footer = [box for box in char_boxes(render_invoice_pdf(doc)) if box[2] < 45]
    assert footer
    assert all(
        MARGIN - 1 <= left and right <= PAGE_WIDTH - MARGIN + 1 and bottom >= 0 for _, left, bottom, right, _ in footer
    )
    assert PAGE_HEIGHT > 0


def _overlap(a: tuple[str, float, float, float, float], b: tuple[str, float, float, float, float]) -> bool:
    return a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5 and a[2] < b[4] - 0.5 and b[2] < a[4] - 0.5


def test_the_names_are_not_normalised_away() -> None:
    for name in NAMES.values():
        assert unicodedata.is_normalized('NFC', name)
