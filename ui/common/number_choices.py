"""Buttons under an ambiguous number, each saying how that reading would be stored; a click puts it in the field."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from nicegui import ui

from services.core.i18n import _
from services.core.values.money import Choice


class NumberChoices:
    def __init__(self, mark: str) -> None:
        self.mark = mark
        self.row = ui.row().classes('items-center gap-2 q-mt-xs').mark(mark)
        self.row.set_visibility(False)
        self._shown: tuple[Choice, ...] = ()

    def show(self, choices: Sequence[Choice], on_pick: Callable[[Choice], None], question: str = '') -> None:
        """Offer `choices` under `question` (nothing: hide the row); rebuilt only when the choices change."""
        if tuple(choices) == self._shown:
            return
        self._shown = tuple(choices)
        self.row.clear()
        with self.row:
            if choices:
                ui.label(question or _('Did you mean')).classes('text-caption text-negative')
            for index, choice in enumerate(choices):
                ui.button(choice.shown, on_click=lambda choice=choice: on_pick(choice)).props(
                    'outline dense no-caps size=sm'
                ).mark(f'{self.mark}-{index}')
        self.row.set_visibility(bool(choices))
