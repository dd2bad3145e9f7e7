"""What every page gets for keyboards and screen readers: contrast-safe theme colours, a visible focus ring, links
that do not rely on colour, and accessible names for the Quasar parts that render without one.

Checked by axe-core in Chromium on every page and language (tests/e2e/test_accessibility.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from nicegui import app, ui

from services.core.i18n import _

# WCAG 2.1 AA: at least 4.5:1 against white for text (Quasar's positive #21ba45 is 2.6:1; links #3b82f6 3.7:1).
COLOURS = {'primary': '#1e4e79', 'positive': '#1b7a34', 'negative': '#b3261e', 'info': '#0b6a8a', 'warning': '#8a5a00'}

CSS = """
:focus-visible { outline: 3px solid #b35c00 !important; outline-offset: 2px; }
.q-btn:focus-visible, .q-item:focus-visible, .q-chip:focus-visible { box-shadow: 0 0 0 3px #b35c00 !important; }
.q-field--focused .q-field__control { box-shadow: 0 0 0 2px #b35c00; }
a.nicegui-link, .q-table a, .q-card a { color: #1e4e79; text-decoration: underline; }
.q-chip.q-chip--outline > .q-chip__content { color: #212121; }
body .text-grey-7, body .text-grey-8 { color: #595959 !important; }
body .text-grey-5 { color: #6b6b6b !important; }
"""

# Quasar renders some controls without a name (table selection boxes, the uploader's file input, images without
# alt text); this names them as they appear.
SCRIPT = """
<script>
(() => {
  const text = %s;
  let errors = 0;
  const name = (el, label) => {
    if (!el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby')) el.setAttribute('aria-label', label);
  };
  const fix = (root) => {
    root.querySelectorAll('.q-table thead .q-checkbox[role=checkbox]').forEach(el => name(el, text.all));
    root.querySelectorAll('.q-table tbody tr').forEach(row => {
      const box = row.querySelector('.q-checkbox[role=checkbox]');
      if (box) name(box, text.row + ' ' + (row.innerText || '').trim().split('\\n').slice(0, 2).join(' '));
    });
    root.querySelectorAll('.q-uploader').forEach(up => {
      const input = up.querySelector('.q-uploader__input');
      const title = up.querySelector('.q-uploader__title');
      if (input) name(input, (title && title.innerText) || text.upload);
      // The file input lies inside Quasar's "add" button (a click target over it): the button is what is announced.
      if (input && input.closest('.q-btn')) {
        input.setAttribute('aria-hidden', 'true');
        name(input.closest('.q-btn'), (title && title.innerText) || text.upload);
      }
    });
    root.querySelectorAll('.q-img[role=img]').forEach(el => name(el, el.getAttribute('alt') || text.image));
    root.querySelectorAll('.q-field__append .q-btn').forEach(el => name(el, text.pick));
    // A field's error (Quasar shows it as role=alert, so it is announced) is also linked to its input.
    root.querySelectorAll('.q-field').forEach(field => {
      const input = field.querySelector('input, textarea');
      if (!input) return;
      const alert = field.querySelector('.q-field__messages [role=alert]');
      if (alert) {
        if (!alert.id) alert.id = 'field-error-' + (++errors);
        if (input.getAttribute('aria-describedby') !== alert.id) input.setAttribute('aria-describedby', alert.id);
        if (input.getAttribute('aria-invalid') !== 'true') input.setAttribute('aria-invalid', 'true');
      } else if (input.hasAttribute('aria-invalid')) {
        input.removeAttribute('aria-invalid');
        const linked = input.getAttribute('aria-describedby') || '';
        if (linked.startsWith('field-error-')) input.removeAttribute('aria-describedby');
      }
    });
    root.querySelectorAll('button.q-btn, a.q-btn').forEach(el => {
      if (el.innerText.trim()) return;
      const icon = el.querySelector('.q-icon');
      if (icon) name(el, icon.innerText.trim().replace(/_/g, ' '));
    });
  };
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; fix(document); });
  }).observe(document.documentElement, {childList: true, subtree: true});
})();
</script>
"""


def icon_button(icon: str, label: str, on_click: Callable[..., Any] | None = None) -> ui.button:
    """A button showing only an icon, named for screen readers and with the same text as a tooltip.

    `label` is a translated constant (`_('Edit')`); it goes into the `aria-label` property as a value, never parsed
    from a props string. Every icon-only button in ui/ is made here (tests/ui/test_icon_buttons.py checks)."""
    button = ui.button(icon=icon, on_click=on_click)
    button.props['aria-label'] = label
    button.tooltip(label)
    return button


HEX_COLOUR = re.compile(r'#[0-9a-fA-F]{6}')  # with fullmatch: a colour from the database is used only in this form


def text_on(colour: str) -> str:
    """'white' or 'black': the text colour with the higher contrast on `colour` (#rrggbb; anything else: 'white'), by
    WCAG 2.1's relative luminance and contrast ratio."""
    if not HEX_COLOUR.fullmatch(colour or ''):
        return 'white'

    def channel(i: int) -> float:
        c = int(colour[i : i + 2], 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    light = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    return 'white' if 1.05 / (light + 0.05) >= (light + 0.05) / 0.05 else 'black'


def install_colours() -> None:
    """The colours for every page, set once for the app: Quasar starts with them (a per-page `ui.colors` element
    re-coloured the whole page again once it mounted, restyling everything on screen)."""
    app.colors(**COLOURS)


def install_page_accessibility() -> None:
    """Call once per page (the app shell and the sign-in pages)."""
    ui.add_css(CSS)
    labels = {
        'all': _('Select all rows'),
        'row': _('Select'),
        'upload': _('Choose a file'),
        'image': _('Logo'),
        'pick': _('Pick a colour'),
    }
    ui.add_head_html(SCRIPT % json.dumps(labels, ensure_ascii=False))
