"""Icon-only buttons have an accessible name: every `ui.button` in ui/ has a text, or is made by `icon_button`."""

from __future__ import annotations

import ast
from pathlib import Path

from nicegui.testing import User

from tests.ui.test_note_files import open_notes

MARKERS = ('edit-note', 'delete-note')
UI = Path(__file__).resolve().parents[2] / 'ui'


def textless_buttons() -> list[str]:
    found = []
    for path in UI.rglob('*.py'):
        if path.name == 'accessibility.py':
            continue  # icon_button itself
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == 'button'):
                continue
            if not (isinstance(node.func.value, ast.Name) and node.func.value.id == 'ui'):
                continue
            text = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == 'text'), None)
            if text is None or (isinstance(text, ast.Constant) and not text.value):
                found.append(f'{path.relative_to(UI.parent)}:{node.lineno}')
    return found


def test_no_button_is_left_without_text_or_name() -> None:
    assert textless_buttons() == []


async def test_a_notes_edit_and_delete_buttons_are_named(user: User) -> None:
    await open_notes(user)
    user.find(marker='note-body').type('Called about the renewal')
    user.find(marker='add-note').click()
    await user.should_see(marker='delete-note', retries=20)
    names = {marker: user.find(marker=marker).elements.pop().props.get('aria-label') for marker in MARKERS}
    assert names == {'edit-note': 'Edit', 'delete-note': 'Delete'}
