"""The invoice PDF: logo, brand colour, both addresses, lines, VAT per rate, totals, dates, payment instructions.

`render_invoice_pdf` is a pure function of an `InvoiceDocument` (plain, picklable data), so it runs in a worker
process; the output is deterministic (ReportLab's invariant mode), so rendering an invoice twice gives the same bytes.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from functools import lru_cache

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from services.core.i18n import N_, _, current_language, language
from services.core.values.countries import country_name, is_country
from services.core.values.formats import format_date, format_rate
from services.core.values.money import format_money, format_number, format_price
from services.pdf.fonts import chain
from services.pdf.invoice_document import InvoiceDocument
from services.pdf.text_layout import layout, width, wrap

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 50.0
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
GREY = HexColor('#555555')
LIGHT = HexColor('#f1f3f5')
# Lines table: (title, right edge or left edge, alignment)
COLUMNS = ((N_('Description'), MARGIN + 6, 'left'), (N_('Qty'), 345.0, 'right'), (N_('Unit price'), 425.0, 'right'),
           ('VAT', 470.0, 'right'), ('Amount', PAGE_WIDTH - MARGIN - 6, 'right'))  # fmt: skip
DESCRIPTION_WIDTH = 225.0
HALF_WIDTH = CONTENT_WIDTH / 2 - 12  # the brand (left) and the seller (right) columns of the header
BUYER_WIDTH = 290.0  # the buyer block, left of the invoice facts


def render_invoice_pdf(document: InvoiceDocument) -> bytes:
    """The PDF, written in the document's language (labels, dates, amounts), whatever the caller's language."""
    with language(document.language or current_language()):
        return _render(document)


def _render(document: InvoiceDocument) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True, pageCompression=1)
    canvas.setTitle(_('Invoice {number}').format(number=document.number))
    canvas.setAuthor(document.seller.get('name', ''))
    page = _Page(canvas, document)
    page.header()
    page.lines()
    page.totals()
    page.payment()
    page.finish()
    canvas.save()
    return buffer.getvalue()


class _Page:
    def __init__(self, canvas: Canvas, document: InvoiceDocument) -> None:
        self.canvas = canvas
        self.doc = document
        self.regular = chain('regular')
        self.bold = chain('bold')
        self.brand = _colour(document.seller.get('brand_colour', ''))
        self.number = 1
        self.y = 0.0
        self._frame()

    def money(self, amount: str) -> str:
        return format_money(Decimal(amount), self.doc.currency)

    def _fit(self, text: str, limit: float, size: float) -> float:
        """The largest size up to `size` (at least 5.5 pt) at which `text` fits in `limit` points (table cells)."""
        needed = width(text, 'regular', size)
        return size if needed <= limit else max(size * limit / needed, 5.5)

    def text(self, x: float, y: float, text: str, *, size: float = 9, bold: bool = False, align: str = 'left',
             colour: Color | None = None) -> None:  # fmt: skip
        weight = 'bold' if bold else 'regular'
        pieces = layout(text, weight)
        if align == 'right':
            x -= sum(piece.width_units for piece in pieces) * size
        self.canvas.setFillColor(colour or HexColor('#222222'))
        for piece in pieces:
            self.canvas.setFont(piece.font, size)
            self.canvas.drawString(x, y, piece.text)
            x += piece.width_units * size

    def header(self) -> None:
        """Brand (logo or name) at the left, the seller at the right, then the facts and the buyer. Every free-text
        field wraps within its column (`HALF_WIDTH`, `BUYER_WIDTH`), so no length runs over another block."""
        seller, buyer, doc = self.doc.seller, self.doc.buyer, self.doc
        top = PAGE_HEIGHT - 40
        right = PAGE_WIDTH - MARGIN
        if doc.logo:
            self._logo(doc.logo, MARGIN, top - 60, 170, 60)
            left_bottom = top - 60
        else:
            name = seller.get('name', '')
            size = next((size for size in (18, 14) if len(self._wrap(name, HALF_WIDTH, size, bold=True)) <= 2), 11)
            left_bottom = self.block(MARGIN, top - size - 6, name, HALF_WIDTH, size=size, bold=True, colour=self.brand)
        y = self.block(right, top - 8, seller.get('name', ''), HALF_WIDTH, size=11, bold=True, align='right')
        for line in [
            *_lines(seller.get('address', '')),
            _labelled(_('Tax ID'), seller.get('tax_id')),
            seller.get('email', ''),
        ]:
            if line:
                y = self.block(right, y - 12, line, HALF_WIDTH, size=8.5, align='right', colour=GREY)
        y = min(y, left_bottom, top - 70) - 40
        self.text(MARGIN, y, _('INVOICE'), size=22, bold=True, colour=self.brand)
        facts = ((_('Invoice number'), doc.number), (_('Issue date'), _day(doc.issue_date)),
                 (_('Due date'), _day(doc.due_date)), (_('Customer number'), buyer.get('number', '')))  # fmt: skip
        fy = y
        for caption, value in facts:
            self.text(right - 110, fy, caption, size=9, colour=GREY, align='right')
            self.text(right, fy, value, size=9, bold=True, align='right')
            fy -= 13
        y -= 30
        self.text(MARGIN, y, _('Bill to'), size=8.5, colour=GREY)
        y = self.block(MARGIN, y - 14, buyer.get('name', ''), BUYER_WIDTH, size=11, bold=True)
        city = ' '.join(part for part in (buyer.get('postal_code', ''), buyer.get('city', '')) if part)
        for line in (buyer.get('contact_person', ''), buyer.get('street', ''), city, _country(buyer),
                     _labelled(_('Tax ID'), buyer.get('tax_id'))):  # fmt: skip
            if line:
                y = self.block(MARGIN, y - 12, line, BUYER_WIDTH, size=9)
        self.y = min(y, fy) - 30

    def block(self, x: float, y: float, text: str, limit: float, *, size: float, bold: bool = False,
              align: str = 'left', colour: Color | None = None) -> float:  # fmt: skip
        """Draw `text` wrapped within `limit` points, the first line at `y`; returns the last line's y."""
        lines = self._wrap(text, limit, size, bold=bold) if text else []
        for index, line in enumerate(lines):
            self.text(x, y - index * size * 1.25, line, size=size, bold=bold, align=align, colour=colour)
        return y - max(len(lines) - 1, 0) * size * 1.25

    def lines(self) -> None:
        self._table_header()
        for line in self.doc.lines:
            description = self._wrap(line.get('description', ''), DESCRIPTION_WIDTH, 9)
            height = 12 * len(description) + 6
            if self.y - height < 120:
                self._new_page()
                self._table_header()
            y = self.y - 12
            for part in description:
                self.text(COLUMNS[0][1], y, part, size=9)
                y -= 12
            unit = f' {line["unit"]}' if line.get('unit') else ''
            # Quantity and unit price with every decimal they have: printed qty x printed price = printed net.
            values = (f'{format_number(Decimal(line.get("quantity", "0")))}{unit}',
                      format_price(Decimal(line['unit_price']), self.doc.currency),
                      format_rate(Decimal(line.get("vat_rate", "0"))), self.money(line['net']))  # fmt: skip
            left = COLUMNS[0][1] + DESCRIPTION_WIDTH + 4
            for (_title, x, _align), value in zip(COLUMNS[1:], values, strict=True):
                self.text(x, self.y - 12, value, size=self._fit(value, x - left, 9), align='right')
                left = x + 4
            self.y -= height
            self.canvas.setStrokeColor(LIGHT)
            self.canvas.line(MARGIN, self.y + 2, PAGE_WIDTH - MARGIN, self.y + 2)

    def totals(self) -> None:
        rows = [(_('Net amount'), self.money(self.doc.net_total))]
        rows += [
            (
                _('VAT {rate} on {net}').format(rate=format_rate(Decimal(rate['rate'])), net=self.money(rate['net'])),
                self.money(rate['vat']),
            )
            for rate in self.doc.vat
        ]
        if self.y - 18 * (len(rows) + 2) < 90:
            self._new_page()
        right = PAGE_WIDTH - MARGIN - 6
        self.y -= 8
        for caption, value in rows:
            self.y -= 15
            self.text(right - 110, self.y, caption, size=9, align='right', colour=GREY)
            self.text(right, self.y, value, size=9, align='right')
        self.y -= 26
        self.canvas.setFillColor(self.brand)
        self.canvas.rect(PAGE_WIDTH / 2, self.y - 7, PAGE_WIDTH / 2 - MARGIN, 24, stroke=0, fill=1)
        self.text(right - 110, self.y, _('Total'), size=11, bold=True, align='right', colour=white)
        self.text(right, self.y, self.money(self.doc.total), size=11, bold=True, align='right', colour=white)
        self.y -= 30

    def payment(self) -> None:
        instructions = self.doc.seller.get('payment_instructions', '')
        first = _('Please pay {amount} by {due_date}, quoting invoice {number}.').format(
            amount=self.money(self.doc.total), due_date=_day(self.doc.due_date), number=self.doc.number
        )
        lines = self._wrap(first, CONTENT_WIDTH, 9.5)
        for paragraph in _lines(instructions):
            lines += self._wrap(paragraph, CONTENT_WIDTH, 9)
        if self.y - 14 * (len(lines) + 2) < 70:
            self._new_page()
        self.y -= 10
        self.text(MARGIN, self.y, _('Payment'), size=10, bold=True, colour=self.brand)
        for index, line in enumerate(lines):
            self.y -= 13
            self.text(MARGIN, self.y, line, size=9.5 if index == 0 else 9, bold=index == 0)

    def finish(self) -> None:
        self._footer()
        self.canvas.showPage()

    def _table_header(self) -> None:
        self.canvas.setFillColor(self.brand)
        self.canvas.rect(MARGIN, self.y - 18, CONTENT_WIDTH, 18, stroke=0, fill=1)
        for title, x, align in COLUMNS:
            self.text(x, self.y - 12.5, _(title), size=8.5, bold=True, align=align, colour=white)
        self.y -= 18

    def _frame(self) -> None:
        self.canvas.setFillColor(self.brand)
        self.canvas.rect(0, PAGE_HEIGHT - 10, PAGE_WIDTH, 10, stroke=0, fill=1)

    def _footer(self) -> None:
        seller = self.doc.seller
        parts = [seller.get('name', ''), _labelled(_('Tax ID'), seller.get('tax_id')),
                 _('Invoice {number}').format(number=self.doc.number),
                 _('Page {number}').format(number=self.number)]  # fmt: skip
        self.canvas.setStrokeColor(LIGHT)
        self.canvas.line(MARGIN, 45, PAGE_WIDTH - MARGIN, 45)
        footer = ' · '.join(part for part in parts if part)
        lines = self._wrap(footer, CONTENT_WIDTH, 7.5)
        size = 7.5 if len(lines) <= 3 else 6  # the footer keeps below the line at y=45
        self.block(MARGIN, 35, footer, CONTENT_WIDTH, size=size, colour=GREY)

    def _new_page(self) -> None:
        self._footer()
        self.canvas.showPage()
        self.number += 1
        self._frame()
        self.y = PAGE_HEIGHT - 60

    def _logo(self, data: bytes, x: float, y: float, max_width: float, max_height: float) -> None:
        image = _image(data)
        width, height = image.getSize()
        scale = min(max_width / width, max_height / height, 1.0)
        self.canvas.drawImage(image, x, y, width * scale, height * scale, mask='auto')

    def _wrap(self, text: str, limit: float, size: float, *, bold: bool = False) -> list[str]:
        return wrap(text, limit, size, 'bold' if bold else 'regular')


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _labelled(label: str, value: str | None) -> str:
    return f'{label}: {value}' if value else ''


def _colour(value: str) -> Color:
    try:
        return HexColor(value) if len(value) == 7 and value.startswith('#') else HexColor('#1e4e79')
    except ValueError:
        return HexColor('#1e4e79')


@lru_cache(maxsize=8)
def _image(data: bytes) -> ImageReader:
    return ImageReader(io.BytesIO(data))


def _country(buyer: dict[str, str]) -> str:
    """The buyer's country named in the document's language, from the ISO code the invoice keeps: the name in the
    snapshot was, before 2026-12, in the language of whoever issued the invoice ("South Korea" on a Korean one)."""
    code = buyer.get('country', '')
    return country_name(code) if is_country(code) else buyer.get('country_name', '')


def _day(iso: str) -> str:
    """An ISO date printed in the current locale (`2026. 11. 30.`); anything else as it is."""
    try:
        return format_date(date.fromisoformat(iso))
    except ValueError:
        return iso
