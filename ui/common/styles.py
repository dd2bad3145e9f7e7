"""Tailwind's rules precompiled into ui/static/tailwind.css (`make css`), served as one cached stylesheet.

NiceGUI's default runs Tailwind in the browser: a 260 KB script that scans the page and writes its CSS on the main
thread before the page is usable. `ui.run(tailwind=False)` drops it; this adds the same rules back, built by the same
Tailwind version from our pages' and NiceGUI's own classes. The URL carries the file's hash, so browsers keep it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from nicegui import Client, app

CSS_FILE = Path(__file__).resolve().parent.parent / 'static' / 'tailwind.css'
ONE_YEAR = 365 * 24 * 3600


def stylesheet_url() -> str:
    digest = hashlib.sha256(CSS_FILE.read_bytes()).hexdigest()[:16]
    return f'/static/tailwind-{digest}.css'  # public: the sign-in pages use it too (ui.access.security)


def install() -> None:
    """Serve the stylesheet and link it from every page's head. Idempotent (the test fixture starts the app often)."""
    url = stylesheet_url()
    app.add_static_file(local_file=CSS_FILE, url_path=url, max_cache_age=ONE_YEAR)
    link = f'<link rel="stylesheet" href="{url}">'
    if link not in Client.shared_head_html:
        Client.shared_head_html += link + '\n'
