"""The customer list as static HTML in the page's first response: its rows on screen with the browser's first paint.

Measured in Chromium (bench/open_ab.py, bench/browser.py): on every open, warm or not, rows became visible only after
Vue and Quasar had built the page (one long task of ~90 ms of a ~200 ms open on this 2-core machine; most of a second
for a browser without the scripts), although the rows were in the response. So the response carries a copy of the page
as Quasar will draw it (ui/common/static_page.py renders the page's elements; the table's rows by grid_markup.py),
in a layer (`#cb-first-paint`) before the app's element. The document's own style sheets lay it out, so it is the live
page to the pixel (a Chromium test compares screenshots), and the browser paints it as soon as the HTML is parsed.

The app is mounted one frame later (MOUNT_AFTER_PAINT): with the scripts in the browser's cache they would otherwise
run, and mount, before the first frame, and the copy would never be seen. The live table removes the layer when it is
created (customer_grid.js), in the task that inserts the live page, so nothing else is shown in between. The copy is
`inert` and hidden from assistive technology: for the ~150 ms until the live page is there, it takes no clicks, no
keyboard focus and is not read out.

A page the markup module does not know how to draw (an element or prop it does not know, an empty table) gets no
copy: its rows come with the live page, as before.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from nicegui import app, ui

from ui.common.static_markup import Unsupported, attr
from ui.common.static_page import layout_style, render

if TYPE_CHECKING:
    from ui.customers.table.customer_table import CustomerTable

LAYER_ID = 'cb-first-paint'
END_ID = 'cb-first-paint-end'
log = logging.getLogger(__name__)
# After NiceGUI's script (nicegui.js, deferred) and before the page's app module (a module script after this one):
# NiceGUI's `createApp` is wrapped so that the app's `mount` waits for the next frame, once the layer has been painted.
# A hidden or prerendered page gets no frames until it is shown (a list opened in a background tab): it mounts at once,
# and a frame that does not come within a second (the tab hidden meanwhile) does not hold the mount back either; the
# page's websocket connects when the app is mounted, and NiceGUI drops a page whose socket has not come within a minute.
# Whether or not the mount works, the layer goes then (the live table normally removes it earlier, when it is created);
# and if the app module failed before asking for a mount at all, it goes when the document has loaded.
MOUNT_AFTER_PAINT = f"""<script type="module">
const layer = document.getElementById('{LAYER_ID}');
const create = window.createApp;
const drop = () => document.getElementById('{LAYER_ID}')?.remove();
let asked = false;
if (layer && typeof create === 'function') {{
  window.createApp = (...args) => {{
    window.createApp = create;
    const vueApp = create(...args);
    const mount = vueApp.mount;
    vueApp.mount = (...target) => {{
      asked = true;
      let done = false;
      const go = () => {{
        if (done) return;
        done = true;
        try {{ mount.apply(vueApp, target); }} finally {{ drop(); }}
      }};
      if (document.visibilityState !== 'visible' || document.prerendering) return go();
      requestAnimationFrame(() => setTimeout(go));
      setTimeout(go, 1000);
    }};
    return vueApp;
  }};
}}
document.addEventListener('DOMContentLoaded', () => {{ if (!asked) drop(); }});
</script>"""


def add_first_paint(table: CustomerTable) -> None:
    """In the page's first HTTP response only: the page as built so far (the shell and `table`'s view) as static HTML
    before the app's element. Navigating inside the app (no new HTML) shows the live page directly."""
    client = table.grid.client
    # Only while the first response is still to be built: later (the page took longer than the response waits,
    # or a navigation inside the app) NiceGUI would insert the HTML by script over the live table.
    if client.has_socket_connection or getattr(client, '_response_built', True):
        return
    try:
        markup = render(client.layout)
    except Unsupported as reason:
        log.debug('no first paint for this view: %s', reason)
        return
    # The browser makes no frame before the copy's end is parsed: a frame in between would show the page without its
    # rows (seen on a first open, where the parser yielded in the middle of the copy). `blocking="render"` on an
    # `expect` link (HTML: "render-blocking"; Chromium 124+); a browser without it paints as the parser goes.
    ui.add_head_html(f'<link rel="expect" href="#{END_ID}" blocking="render">')
    ui.add_body_html(layer_html(markup, client.page.resolve_language() or 'en-US'))
    # The page's HTML is built once; the copy NiceGUI keeps for it is not needed once the browser is connected.
    client.on_connect(lambda: setattr(client, '_body_html', ''))


def layer_html(markup: str, language: str) -> str:
    """The layer around `markup` (static_page.render's output): where the app's element will be, over it. It has
    what Quasar sets on <html> and <body> when it starts: the app's colours, `dir` and `lang` (Quasar's language,
    `language`), so that the change on the document around it does not make the browser style the layer again."""
    brand = app.config.quasar_config.get('brand', {})
    colours = ' '.join(f'--q-{name}: {value};' for name, value in brand.items())
    style = f'position: absolute; top: 0; left: 0; width: 100%; z-index: 5000; background: #fff; {colours}'
    # The style sheet first: one added after the layer would make the browser style all of the layer again.
    return (
        f'<style>{layout_style("#" + LAYER_ID)}</style>'
        f'<div id="{LAYER_ID}" dir="ltr" lang="{attr(language)}" inert aria-hidden="true" style="{attr(style)}">'
        f'{markup}<span id="{END_ID}"></span></div>'
        f'{MOUNT_AFTER_PAINT}'
    )
