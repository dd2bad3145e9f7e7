"""Checks for an uploaded logo: small, really PNG or JPEG (magic bytes), and decodable."""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from services.core.errors import ValidationFailed
from services.core.i18n import _

MAX_LOGO_BYTES = 1_000_000
MAX_LOGO_PIXELS = 4096 * 4096
MAGIC = {b'\x89PNG\r\n\x1a\n': ('PNG', 'image/png'), b'\xff\xd8\xff': ('JPEG', 'image/jpeg')}


@dataclass(frozen=True)
class CheckedLogo:
    data: bytes
    content_type: str
    width: int
    height: int
    sha256: str


def check_logo(data: bytes) -> CheckedLogo:
    """Accept a PNG or JPEG up to 1 MB that decodes completely; raise `ValidationFailed` otherwise."""
    from PIL import Image  # loaded with the first logo (a few ms once), not at start-up

    if not data:
        raise ValidationFailed({'logo': _('The file is empty')})
    if len(data) > MAX_LOGO_BYTES:
        raise ValidationFailed({'logo': _('The logo may be at most {size} KB').format(size=MAX_LOGO_BYTES // 1000)})
    kind = next((value for magic, value in MAGIC.items() if data.startswith(magic)), None)
    if kind is None:
        raise ValidationFailed({'logo': _('Only PNG and JPEG images can be used as a logo')})
    image_format, content_type = kind
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('error', Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != image_format:
                    raise ValidationFailed({'logo': _('The file content does not match its type')})
                width, height = image.size
                if width * height > MAX_LOGO_PIXELS:
                    raise ValidationFailed({'logo': _('The image has too many pixels')})
                image.load()
    except ValidationFailed:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise ValidationFailed({'logo': _('The image could not be read')}) from error
    return CheckedLogo(data, content_type, width, height, hashlib.sha256(data).hexdigest())
