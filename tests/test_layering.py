"""The dependency rule: ui -> services -> models. services/ and models/ never import nicegui; ui/ never tortoise."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {'services': {'nicegui', 'ui'}, 'models': {'nicegui', 'ui', 'services'}, 'ui': {'tortoise', 'models'}}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split('.')[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split('.')[0])
    return names


@pytest.mark.parametrize('package', sorted(FORBIDDEN))
def test_package_respects_the_dependency_rule(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & FORBIDDEN[package])
        for path in (ROOT / package).rglob('*.py')
        if imported_packages(path) & FORBIDDEN[package]
    }
    assert offenders == {}


def test_the_rule_detects_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / 'bad.py'
    bad.write_text('from nicegui import ui\nimport tortoise.fields\n')
    assert imported_packages(bad) == {'nicegui', 'tortoise'}
