"""Every action code the code base writes to the audit log has a readable, translatable name (Settings -> Audit log)."""

from __future__ import annotations

import ast
from pathlib import Path

from services.core.audit import ACTION_NAMES, ENTITY_NAMES

ROOT = Path(__file__).resolve().parents[3]


def written_codes(keyword_name: str = 'action') -> set[str]:
    """Codes passed as `audit.record('x.y', ...)` or `action='x.y'` (or another keyword) in services/ and ui/."""
    codes: set[str] = set()
    for folder in ('services', 'ui'):
        for path in (ROOT / folder).rglob('*.py'):
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                if not isinstance(node, ast.Call):
                    continue
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, 'id', '')
                values = [keyword.value for keyword in node.keywords if keyword.arg == keyword_name]
                if keyword_name == 'action' and name == 'record' and node.args:
                    values.append(node.args[0])
                codes.update(v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return codes


def test_every_written_action_has_a_name() -> None:
    codes = written_codes()
    assert {'login.success', 'settings.change', 'user.create', 'note.add', 'customer.create'} <= codes
    assert sorted(codes - set(ACTION_NAMES)) == []


def test_every_written_entity_has_a_name() -> None:
    entities = written_codes('entity')
    assert {'customer', 'user', 'company'} <= entities
    assert sorted(entities - set(ENTITY_NAMES)) == []
