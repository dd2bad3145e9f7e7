"""The name an attachment is stored, shown and downloaded under: always ending in `.pdf`, nothing invisible in it.

A name is only metadata (the file itself is stored under a random name), but it is what a person sees in the list,
in the preview, in the audit log and in their downloads folder: `statement.html` must not be saved there as an HTML
page, and `invoice<U+202E>fdp.exe` must not be shown as "invoiceexe.pdf".
"""

from __future__ import annotations

import unicodedata

MAX_NAME_LENGTH = 200  # models.Attachment.original_name
FALLBACK_STEM = 'document'
# Unicode's default-ignorable code points outside the format (Cf) category: rendered as nothing, so they can hide
# or reorder what a name seems to say (DerivedCoreProperties.txt, Default_Ignorable_Code_Point).
INVISIBLE = {
    0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0, 0x2800,
    *range(0x180B, 0x1810), *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0), *range(0x1D173, 0x1D17B),
}  # fmt: skip


def attachment_name(filename: str) -> str:
    """`'C:\\\\scans\\\\statement.html'` -> `'statement.pdf'`; `'invoice\\u202efdp.exe'` -> `'invoicefdp.pdf'`.

    No folders; control, format (bidi, zero-width) and other invisible characters dropped; any space character
    becomes one plain space; any extension other than `.pdf` replaced by `.pdf`; at most `MAX_NAME_LENGTH`
    characters; `document.pdf` when nothing is left.
    """
    name = filename.replace('\\', '/').rsplit('/', 1)[-1]
    name = unicodedata.normalize('NFC', name)
    kept = []
    for ch in name:
        category = unicodedata.category(ch)
        if category[0] == 'C' or ord(ch) in INVISIBLE:
            continue
        kept.append(' ' if category[0] == 'Z' else ch)
    name = ' '.join(''.join(kept).split())
    stem, dot, _extension = name.rpartition('.')
    if not dot:
        stem = name
    stem = stem.strip(' .') or FALLBACK_STEM
    return stem[: MAX_NAME_LENGTH - 4].rstrip(' .') + '.pdf'
