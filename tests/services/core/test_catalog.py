"""The translation catalogs: complete for every language, placeholders intact, and no user-visible literal left out.

The catalog is checked against a fresh extraction (what `make messages` would collect today), so a string wrapped in
`_()` but not yet merged into the catalogs fails here as well as one merged but left untranslated.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[3]
LOCALES = ROOT / 'locales'
LANGUAGES = sorted(path.parent.parent.name for path in LOCALES.glob('*/LC_MESSAGES/messages.po'))
PLACEHOLDER = re.compile(r'\{[A-Za-z_][A-Za-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}|%\([A-Za-z_]+\)[sd]|%[sd]')

# Calls whose text argument (first positional, or one of TEXT_KEYWORDS) a user reads or a screen reader speaks.
TEXT_CALLS = {
    'badge',
    'button',
    'checkbox',
    'chip',
    'date',
    'expansion',
    'input',
    'item_label',
    'label',
    'link',
    'markdown',
    'menu_item',
    'notify',
    'number',
    'page_title',
    'radio',
    'select',
    'step',
    'switch',
    'tab',
    'textarea',
    'time',
    'toggle',
    'tooltip',
    'upload',
}
TEXT_KEYWORDS = {'text', 'label', 'placeholder', 'title', 'message', 'caption', 'hint', 'error', 'suffix'}
# Dict keys and prop names whose values are shown (table column headers, Quasar props, validation messages).
TEXT_KEYS = re.compile(r'(^|[-_])(label|header|title|placeholder|hint|caption|message|text)$', re.IGNORECASE)
# Props given as a string: `aria-label=Menu`, `label="Save"`.
TEXT_PROPS = re.compile(
    r'(?:^|\s)(?:aria-label|label|placeholder|title|hint|no-data-label)=("[^"]*[A-Za-z][^"]*"|[A-Za-z])'
)
# The domain errors whose message reaches the user.
ERRORS = {'NotFound', 'Conflict', 'PermissionDenied', 'ValidationFailed', 'DeletionBlocked', 'ClientbookError'}
WRAPPERS = {'_', 'N_', 'NP_', 'ngettext', 'pgettext', 'npgettext'}
NOT_WORDS = {'Clientbook'}  # the product's name stays as it is


def _is_text(node: ast.AST) -> bool:
    """A literal (or f-string) with at least one word in it, and not a proper name."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(re.search(r'[A-Za-z]{2}', node.value)) and node.value.strip() not in NOT_WORDS
    if isinstance(node, ast.JoinedStr):
        return any(_is_text(part) for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.IfExp):
        return _is_text(node.body) or _is_text(node.orelse)
    if isinstance(node, ast.BoolOp):
        return any(_is_text(value) for value in node.values)
    return False


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ''


class _Scan(ast.NodeVisitor):
    def __init__(self, path: Path, *, services: bool) -> None:
        self.path = path
        self.services = services
        self.found: list[str] = []

    def _flag(self, node: ast.AST, why: str) -> None:
        self.found.append(f'{self.path.relative_to(ROOT)}:{getattr(node, "lineno", 0)}: {why}')

    def visit_Call(self, node: ast.Call) -> None:
        name = _name(node.func)
        if name in WRAPPERS:
            return  # already translated (its arguments are the source text)
        if not self.services:
            shown = node.args[1:2] if name == 'tab' and len(node.args) > 1 else node.args[:1]  # ui.tab(name, label)
            # Only methods (`ui.label`, `x.tooltip`): a bare `label(key, ...)` is the customer fields' label helper.
            if name in TEXT_CALLS and isinstance(node.func, ast.Attribute) and shown and _is_text(shown[0]):
                self._flag(node, f'{name}() text')
            for keyword in node.keywords:
                if keyword.arg in TEXT_KEYWORDS and _is_text(keyword.value):
                    self._flag(node, f'{name}({keyword.arg}=...)')
            if name == 'props' and node.args and isinstance(node.args[0], ast.Constant):
                if TEXT_PROPS.search(str(node.args[0].value)):
                    self._flag(node, 'text in props()')
        if name in ERRORS and node.args and _is_text(node.args[0]):
            self._flag(node, f'{name}() message')
        if name == 'Check' and len(node.args) >= 4 and _is_text(node.args[3]):
            self._flag(node, 'Check() message')
        if name in {*ERRORS, 'Check'}:
            for keyword in node.keywords:
                if keyword.arg == 'message' and _is_text(keyword.value):
                    self._flag(node, f'{name}(message=...)')
        if name == 'ValidationFailed' and node.args and isinstance(node.args[0], ast.Dict):
            for value in node.args[0].values:
                if _is_text(value):
                    self._flag(value, 'ValidationFailed message')
        self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict) -> None:
        if not self.services:
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and TEXT_KEYS.search(str(key.value)) and _is_text(value):
                    self._flag(value, f'{key.value!r} in a dict')
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:  # errors['field'] = 'message' (collected for ValidationFailed)
            if isinstance(target, ast.Subscript) and _name(target.value) == 'errors' and _is_text(node.value):
                self._flag(node, 'errors[...] message')
        if not self.services and _is_text(node.value):
            for target in node.targets:
                key = ''
                if isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant):
                    key = str(target.slice.value)
                elif isinstance(target, ast.Attribute):
                    key = target.attr
                if key and not key.startswith(':') and TEXT_KEYS.search(key):  # ':prop' is a JavaScript expression
                    self._flag(node, f'{key} = literal')
        self.generic_visit(node)


def untranslated_literals(paths: list[Path], *, services: bool) -> list[str]:
    found: list[str] = []
    for path in paths:
        scan = _Scan(path, services=services)
        scan.visit(ast.parse(path.read_text(encoding='utf-8')))
        found.extend(scan.found)
    return found


@pytest.fixture(scope='module')
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """What `make messages` would collect today (same keywords as the Makefile)."""
    pot = tmp_path_factory.mktemp('catalog') / 'messages.pot'
    keywords = ['-k', 'N_', '-k', 'NP_:1c,2', '-k', 'ngettext:1,2', '-k', 'pgettext:1c,2']
    subprocess.run(
        [sys.executable, '-m', 'babel.messages.frontend', 'extract', '-F', 'babel.cfg', *keywords, '-o', str(pot), '.'],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    with pot.open('rb') as file:
        catalog = read_po(file)
    assert len(catalog) > 100, 'the extraction found (almost) nothing'
    return catalog


def _ids(catalog: Catalog) -> dict[object, object]:
    """Entries by message id and context: `pgettext('invoice status', 'Void')` is not `_('Void')`."""
    return {(message.id, message.context): message for message in catalog if message.id}


@pytest.mark.parametrize('code', LANGUAGES)
def test_every_message_is_translated_with_its_placeholders(extracted: Catalog, code: str) -> None:
    with (LOCALES / code / 'LC_MESSAGES' / 'messages.po').open('rb') as po:
        catalog = read_po(po)
    translated = _ids(catalog)
    problems = []
    for key in _ids(extracted):
        entry = translated.get(key)
        ids = key[0] if isinstance(key[0], tuple) else (key[0],)
        strings = entry.string if entry is not None else ''
        strings = strings if isinstance(strings, tuple) else (strings,)
        if entry is None or entry.fuzzy or not all(strings):
            problems.append(f'untranslated: {ids[0]!r}')
            continue
        wanted = sorted(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            if sorted(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f'placeholders differ: {ids[0]!r} -> {text!r}')
    assert not problems, f'{len(problems)} problems in {code}:\n' + '\n'.join(problems)


def test_the_catalogs_hold_no_stale_or_fuzzy_entries(extracted: Catalog) -> None:
    wanted = set(_ids(extracted))
    for code in LANGUAGES:
        with (LOCALES / code / 'LC_MESSAGES' / 'messages.po').open('rb') as po:
            catalog = read_po(po)
        assert not [m.id for m in catalog if m.id and m.fuzzy], f'fuzzy entries in {code}: run `make messages`'
        assert set(_ids(catalog)) >= wanted, f'{code} misses messages: run `make messages`'


def test_no_user_visible_literal_escapes_translation() -> None:
    ui_files = sorted((ROOT / 'ui').rglob('*.py'))
    service_files = sorted((ROOT / 'services').rglob('*.py'))
    found = untranslated_literals(ui_files, services=False) + untranslated_literals(service_files, services=True)
    assert not found, f'{len(found)} literals outside _():\n' + '\n'.join(found)


def test_the_scan_sees_what_it_should() -> None:
    source = ROOT / 'tests' / 'services' / 'core' / '_scan_sample.py'
    code = (
        "ui.label('Hello there')\nui.label(_('Fine'))\nui.button(f'Save {name}')\n"
        "x.props['no-data-label'] = 'Nothing yet'\nCOLS = [{'label': 'Name'}]\nui.input(placeholder='Search')\n"
        "raise NotFound('No such thing')\nui.label('Clientbook')\nb.props('flat aria-label=Menu')\n"
    )
    scan = _Scan(source, services=False)
    scan.visit(ast.parse(code))
    assert [line.split(':')[1] for line in scan.found] == ['1', '3', '4', '5', '6', '7', '9']


def test_every_none_says_which_noun_it_stands_for(extracted: Catalog) -> None:
    """Spanish "None" agrees with its noun (ninguna categoría, ningún campo): each one needs a context to say which."""
    bare = [m.id for m in extracted if m.id and not m.context and re.search(r'\bnone\b', str(m.id), re.IGNORECASE)]
    assert not bare, f'"None" without a context (use pgettext): {bare}'
