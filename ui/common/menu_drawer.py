"""The main menu's drawer: beside the page on wide screens, over it (closed at first) on narrow ones.

Quasar's own `show-if-above` behaviour (its docs layout): at 1024 px and wider the drawer starts open beside the page;
narrower, it starts closed and opens over the page with a backdrop. Its open state lives in the browser only: the
element has no `model-value` and no update listener, so NiceGUI never sends it a value (`ui.left_drawer` echoes the
value it asks the browser for on connect, which reopened a drawer closed by an early click). The menu button toggles
it, and choosing an entry, a click on the backdrop or Escape closes it while it lies over the page; all in the browser.
"""

from __future__ import annotations

from nicegui import Client, context, ui
from nicegui.helpers import require_top_level_layout

# `getElement` (nicegui.js) gives the QDrawer component (Quasar's show/hide/toggle) for its id or for its content
# element, which carries the id. Constant scripts: a page keeps no copy of them.
_TOGGLE = '() => getElement(%d).toggle()'
# Over the page (Quasar's class for below the breakpoint), a chosen entry closes the drawer; beside the page, it stays.
_CLOSE_ON_ENTRY = """(event) => {
  if (event.target.closest('.q-btn') && event.currentTarget.closest('.q-drawer--mobile')) {
    getElement(event.currentTarget).hide('entry');
  }
}"""
# Over the page the drawer is a dialog (WAI-ARIA): opened, it takes the keyboard focus (its first entry); closed (menu
# button, Escape, backdrop, a chosen entry), it gives the focus back to the menu button. Beside the page it is a
# disclosure: the focus stays where it is. Quasar emits `show`/`hide` once the drawer's slide has ended.
_FOCUS_ON_SHOW = """() => {
  const content = document.getElementById('c%d');
  if (content.closest('.q-drawer--mobile')) content.querySelector('.q-btn')?.focus();
}"""
_FOCUS_ON_HIDE = """(cause) => {
  const content = document.getElementById('c%d');
  if (cause === false || !content.closest('.q-drawer--mobile')) return;  // false: the window became narrow
  const focus = document.activeElement;
  const elsewhere = focus && focus !== document.body && !focus.matches('.q-layout') && !content.contains(focus);
  if (cause === 'entry' && elsewhere) return;  // the chosen page put the focus in its own first field
  document.getElementById('c%d')?.focus();
}"""
_CLOSE_ON_ESCAPE = """<script>
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  const open = document.querySelector('.q-drawer--mobile:not(.q-layout--prevent-focus) > .q-drawer__content');
  if (open) getElement(open).hide();
});
</script>"""


def install() -> None:
    """Escape closes a drawer lying over the page: one listener for every page, installed once for the app."""
    if _CLOSE_ON_ESCAPE not in Client.shared_head_html:
        ui.add_head_html(_CLOSE_ON_ESCAPE, shared=True)


class MenuDrawer(ui.element, default_classes='nicegui-drawer'):
    """A left drawer placed in the page layout as `ui.left_drawer` places it, but with no open state on the server."""

    def __init__(self) -> None:
        require_top_level_layout(self)
        with context.client.layout:
            super().__init__('q-drawer')
        self._props['show-if-above'] = True
        self._props['side'] = 'left'
        self._props['bordered'] = True
        layout = self.client.layout
        view = list(layout.props['view'])
        view[0], view[4], view[8] = 'h', 'L', 'f'  # below the header, fixed, above the footer (as ui.left_drawer)
        layout.props['view'] = ''.join(view)
        self.move(target_index=layout.default_slot.children.index(self.client.page_container))
        self.on('click', js_handler=_CLOSE_ON_ENTRY)

    def toggled_by(self, button: ui.button) -> ui.button:
        """Make `button` open and close the drawer, in the browser; over the page, the keyboard focus goes into the
        drawer when it opens and back to `button` when it closes."""
        self.on('show', js_handler=_FOCUS_ON_SHOW % self.id)
        self.on('hide', js_handler=_FOCUS_ON_HIDE % (self.id, button.id))
        return button.on('click', js_handler=_TOGGLE % self.id)
