"""The main menu's entries in the drawer: one element for all of them (each entry was a button element of its own, and
every element costs the page's build on the server and its start-up in the browser)."""

from __future__ import annotations

from collections.abc import Sequence

from nicegui.element import Element

from ui.common.static_markup import button, own_look


class MenuEntries(Element, component='menu_entries.js'):
    def __init__(self, entries: Sequence[tuple[str, str, str]], *, label: str) -> None:
        """`entries`: (translated text, Material icon name, path) per section, in order; `label` names the navigation
        landmark for screen readers."""
        super().__init__()
        self._props['entries'] = tuple({'text': text, 'icon': icon, 'path': path} for text, icon, path in entries)
        self._props['active'] = ''
        self._props['label'] = label

    @property
    def paths(self) -> list[str]:
        return [entry['path'] for entry in self._props['entries']]

    def show_active(self, path: str) -> None:
        """Highlight the entry whose section `path` (the page's path, query left off) lies in; '/' is Customers."""
        path = path.split('?', 1)[0].split('#', 1)[0]
        active = next((p for p in self.paths if path == p or path.startswith(f'{p}/')), '')
        if not active and path == '/' and '/customers' in self.paths:
            active = '/customers'
        if active != self._props['active']:
            self._props['active'] = active
            self.update()

    def static_html(self) -> str:
        """The entries as Quasar draws them (ui/common/static_markup.py)."""
        own_look(self)
        links = ''.join(
            button(
                {
                    'flat': True,
                    'no-caps': True,
                    'align': 'left',
                    'color': 'primary' if entry['path'] == self._props['active'] else 'grey-9',
                    'icon': entry['icon'],
                    'label': entry['text'],
                    'href': entry['path'],
                },
                ['w-full', 'q-py-sm'],
            )
            for entry in self._props['entries']
        )
        return f'<nav>{links}</nav>'
