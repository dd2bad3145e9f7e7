"""The dependency rules: ui -> services -> models, and one direction between the packages inside services/.

services/ and models/ never import nicegui; ui/ never imports tortoise or models. Inside services/, a package imports
only the packages below it in `SERVICE_LEVELS` (type-only imports included), and no modules of ours import each other
in a circle.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {'services': {'nicegui', 'ui'}, 'models': {'nicegui', 'ui', 'services'}, 'ui': {'tortoise', 'models'}}
# Lowest first; a package may import its own level's package and those of lower levels.
SERVICE_LEVELS = (
    {'core'},
    {'notes', 'access', 'pdf'},
    {'mail'},
    {'invoicing'},
    {'customers'},
    {'demo', 'ops', 'reports'},
)
LEVEL = {package: level for level, packages in enumerate(SERVICE_LEVELS) for package in packages}


def imported_modules(path: Path) -> set[str]:
    """Absolute names of every module `path` imports (relative imports resolved), type-only imports included."""
    tree = ast.parse(path.read_text(), filename=str(path))
    module = '.'.join(path.relative_to(ROOT).with_suffix('').parts)
    package = module if path.name == '__init__.py' else module.rpartition('.')[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ''
            if node.level:
                parts = package.split('.')
                parts = parts[: len(parts) - node.level + 1]
                base = '.'.join([*parts, base] if base else parts)
            names.add(base)
            names.update(f'{base}.{alias.name}' for alias in node.names)  # `from pkg import module`
    return names


def imported_packages(path: Path) -> set[str]:
    return {name.split('.')[0] for name in imported_modules(path)}


def our_modules() -> dict[str, Path]:
    modules = {}
    for top in ('services', 'ui', 'models'):
        for path in (ROOT / top).rglob('*.py'):
            parts = path.relative_to(ROOT).with_suffix('').parts
            modules['.'.join(parts[:-1] if parts[-1] == '__init__' else parts)] = path
    return modules


def service_package(module: str) -> str | None:
    parts = module.split('.')
    return parts[1] if parts[0] == 'services' and len(parts) > 2 else None


@pytest.mark.parametrize('package', sorted(FORBIDDEN))
def test_package_respects_the_dependency_rule(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & FORBIDDEN[package])
        for path in (ROOT / package).rglob('*.py')
        if imported_packages(path) & FORBIDDEN[package]
    }
    assert offenders == {}


def test_every_service_package_has_a_level() -> None:
    packages = {path.name for path in (ROOT / 'services').iterdir() if (path / '__init__.py').exists()}
    assert packages == set(LEVEL)


def test_service_packages_import_only_downwards() -> None:
    offenders = []
    for module, path in our_modules().items():
        own = service_package(module)
        if own is None:
            continue
        for name in imported_modules(path):
            other = service_package(name)
            if other is not None and other != own and LEVEL[other] >= LEVEL[own]:
                offenders.append(f'{module} imports {name}')
    assert sorted(offenders) == []


def test_no_import_circles_among_our_modules() -> None:
    # Models name each other in relations (type-only imports, resolved by Tortoise by name), so they are left out.
    modules = {name: path for name, path in our_modules().items() if not name.startswith('models')}
    graph = {
        module: {name for name in imported_modules(path) if name in modules and name != module}
        for module, path in modules.items()
    }
    circles = _circles(graph)
    assert circles == []


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_rule_detects_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / 'bad.py'
    bad.write_text('from nicegui import ui\nimport tortoise.fields\n')
    assert {name.split('.')[0] for name in _imports_of(bad)} == {'nicegui', 'tortoise'}


def test_the_circle_finder_finds_a_circle() -> None:
    assert _circles({'a': {'b'}, 'b': {'c'}, 'c': {'a'}, 'd': {'a'}}) == [['a', 'b', 'c']]


def _imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names
