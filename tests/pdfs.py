"""Real PDF files for tests, made with pypdf: a plain one, and ones carrying active content."""

from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import DictionaryObject, NameObject, TextStringObject


def plain_pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    return _bytes(writer)


def pdf_with_javascript() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_open_action(JavaScript('app.alert("hello");'))
    return _bytes(writer)


def pdf_with_embedded_file() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_attachment('payload.exe', b'MZ not really')
    return _bytes(writer)


def pdf_with_launch_action() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    action = DictionaryObject({NameObject('/S'): NameObject('/Launch'), NameObject('/F'): TextStringObject('calc.exe')})
    writer._root_object[NameObject('/OpenAction')] = writer._add_object(action)
    return _bytes(writer)


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new('RGB', (10, 10), 'red').save(buffer, format='PNG')
    return buffer.getvalue()


def _bytes(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
