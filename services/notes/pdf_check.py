"""Is an upload a harmless PDF? Magic bytes, a real parse, and a search for active content."""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from services.core.errors import ValidationFailed
from services.core.i18n import N_, _

if TYPE_CHECKING:
    from pypdf import PdfReader
    from pypdf.generic import PdfObject

# Keys that make a PDF run code, start programs or carry other files.
ACTIVE_KEYS = {
    '/JS': 'JavaScript',
    '/JavaScript': 'JavaScript',
    '/Launch': 'a launch action',
    '/EmbeddedFile': 'embedded files',
    '/EmbeddedFiles': 'embedded files',
    '/RichMedia': 'rich media',
    '/XFA': 'XFA forms',
}
# Also searched in the raw bytes, for objects a damaged cross-reference table hides from the parser.
RAW_MARKERS = re.compile(rb'/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA)(?![A-Za-z0-9])')
MAX_OBJECTS = 200_000
DAMAGED = N_(
    'The PDF is damaged or incomplete (perhaps it was cut off while saving or uploading); '
    'open it to check, save it again and upload the new copy'
)
logging.getLogger('pypdf').setLevel(logging.ERROR)  # damaged uploads are answered with a message, not log noise


@dataclass(frozen=True)
class PdfFacts:
    pages: int


def check_pdf(data: bytes, *, max_bytes: int) -> PdfFacts:
    """Accept only a parseable PDF without active content, at most `max_bytes` long.

    Raises:
        ValidationFailed: with one clear message under the key 'file'.
    """
    from pypdf import PdfReader  # loaded on the first upload (in a worker thread), not at start-up

    if len(data) > max_bytes:
        raise ValidationFailed({'file': _('The file is larger than {size} MB').format(size=max_bytes // (1024 * 1024))})
    if not data.strip():
        raise ValidationFailed({'file': _('The file is empty')})
    if not data.startswith(b'%PDF-'):
        raise ValidationFailed({'file': _('This is not a PDF file (it does not start with %PDF-)')})
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        pages = len(reader.pages)
        found = _active_content(reader)
    except Exception as error:  # pypdf raises many kinds on damaged files (PdfReadError, ValueError, KeyError, ...)
        raise ValidationFailed({'file': _(DAMAGED)}) from error
    if not found and RAW_MARKERS.search(data):
        found = 'suspicious content'
    if found:
        raise ValidationFailed({'file': _('The PDF contains {found} and was not stored').format(found=found)})
    return PdfFacts(pages=pages)


def _active_content(reader: PdfReader) -> str:
    """Walk every object reachable from the trailer (decoded, so compressed object streams are searched too)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[tuple[int, int]] = set()
    stack: list[PdfObject] = [reader.trailer]
    visited = 0
    while stack and visited < MAX_OBJECTS:
        node = stack.pop()
        visited += 1
        if isinstance(node, IndirectObject):
            if (node.idnum, node.generation) in seen:
                continue
            seen.add((node.idnum, node.generation))
            resolved = node.get_object()
            if resolved is None:
                continue
            node = resolved
        if isinstance(node, DictionaryObject):
            for key, value in node.items():
                if key in ACTIVE_KEYS:
                    return ACTIVE_KEYS[key]
                if key == '/S' and value in ('/JavaScript', '/Launch'):
                    return ACTIVE_KEYS[str(value)]
                stack.append(value)
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return ''
