"""The stack's floor for bench/stack_floor.py: NiceGUI 3 and Quasar as Clientbook loads them, serving one page that
holds only a 25-row table of plain elements (no Quasar component, no database). `python bench/stack_floor_app.py PORT`.
"""

from __future__ import annotations

import sys

from nicegui import ui

ROWS, CELLS = 25, 8


@ui.page('/floor')
def floor() -> None:
    with ui.element('table'), ui.element('tbody'):
        for row in range(ROWS):
            with ui.element('tr'):
                for cell in range(CELLS):
                    with ui.element('td'):
                        if cell == 1:  # the customer number, a link as in Clientbook's list
                            with ui.element('a').props(f'href=/customers/C-{row:05d}'):
                                ui.label(f'C-{row:05d}')
                        else:
                            ui.label(f'cell {row}.{cell}')


if __name__ == '__main__':
    port = int(sys.argv[1])
    ui.run(port=port, host='127.0.0.1', show=False, reload=False, tailwind=False, show_welcome_message=False)
