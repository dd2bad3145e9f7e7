"""A page's NiceGUI elements as the static HTML Vue and Quasar render for them (the customer list's first paint).

`render(element)` returns the markup Quasar 2 (as NiceGUI 3 ships it) produces for an element and its children, with
the same tags and classes, so that the document's own style sheets lay it out exactly as they will lay out the live
page; a Chromium test compares the two pixel by pixel (tests/e2e/test_customer_first_paint.py). The pieces (buttons,
fields, escaping) are in ui/common/static_markup.py; elements of our own components give their markup through a
`static_html()` method.

Only the elements and props the pages use are known here. Any other element, or a prop that would change what Quasar
draws, raises `Unsupported`, and the caller shows no static copy rather than a wrong one. Hidden elements (NiceGUI's
`hidden` class) take no space and are left out; elements that draw nothing in place (tooltips, timers) too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui.element import Element

from ui.common.static_markup import HasStaticHtml, Unsupported, attr, button, classes, field, icon, text

# Quasar's layout measures the header (68 px: 8 px padding above and below a 52 px row) and sets the drawer's top and
# the page's padding from it; the drawer is 300 px wide (QDrawer's default) beside the page from 1024 px
# (`show-if-above` with Quasar's default breakpoint) and off the screen below that (layout_style).
HEADER_PX = 68
DRAWER_PX = 300
DRAWER_BREAKPOINT_PX = 1024


def layout_style(scope: str) -> str:
    """What Quasar's layout sets by script below the breakpoint, as CSS for the copy inside `scope` (a selector)."""
    return (
        f'@media (max-width: {DRAWER_BREAKPOINT_PX - 0.02}px) {{ {scope} .q-drawer {{ transform: '
        f'translateX(-{DRAWER_PX}px) !important; }} {scope} .q-page-container {{ padding-left: 0 !important; }} }}'
    )


NOTHING_IN_PLACE = {'q-tooltip', 'nicegui-timer', 'q-menu', 'q-dialog'}


def render(element: Element) -> str:
    """The element and its children as Quasar draws them; raises Unsupported for what it does not know."""
    own = list(element._classes)
    if 'hidden' in own or element.tag in NOTHING_IN_PLACE:
        return ''
    if any(slot.children for name, slot in element.slots.items() if name != 'default'):
        raise Unsupported(f'{element.tag} with a named slot')
    if isinstance(element, HasStaticHtml):
        return element.static_html()
    if element.tag not in _CONTAINERS and element.default_slot.children:
        raise Unsupported(f'{element.tag} with children')
    draw = _DRAW.get(element.tag)
    if draw is None:
        raise Unsupported(element.tag)
    return draw(element, own)


def children(element: Element) -> str:
    return ''.join(render(child) for child in element.default_slot.children)


def _props(element: Element) -> dict[str, Any]:
    return dict(element._props)


def _style(element: Element) -> str:
    style = '; '.join(f'{key}: {value}' for key, value in element._style.items())
    return f' style="{attr(style)}"' if style else ''


def _div(element: Element, own: list[str]) -> str:
    if _props(element):
        raise Unsupported('a div with props')
    return f'<div class="{classes(own)}"{_style(element)}>{text(element._text or "")}{children(element)}</div>'


def _space(element: Element, own: list[str]) -> str:
    return f'<div class="{classes("q-space", own)}"></div>'


def _layout(element: Element, own: list[str]) -> str:
    names = classes('q-layout q-layout--standard', own)
    return f'<div class="{names}" style="min-height: 100vh">{children(element)}</div>'


def _header(element: Element, own: list[str]) -> str:
    props = _props(element)
    if props.get('bordered') or props.get('elevated') or props.get('reveal'):
        raise Unsupported('header style')
    return (
        f'<header class="{classes("q-header q-layout__section--marginal fixed-top", own)}">{children(element)}</header>'
    )


def _drawer(element: Element, own: list[str]) -> str:
    props = _props(element)
    if props.get('side', 'left') != 'left' or not props.get('show-if-above') or 'width' in props:
        raise Unsupported('drawer')
    bordered = ' q-drawer--bordered' if props.get('bordered') else ''
    style = f'width: {DRAWER_PX}px; transform: translateX(0px); top: {HEADER_PX}px;'
    return (
        f'<div class="q-drawer-container"><aside class="q-drawer q-drawer--left{bordered} q-drawer--standard fixed" '
        f'style="{style}"><div class="{classes("q-drawer__content fit scroll", own)}">{children(element)}</div>'
        '</aside></div>'
    )


def _page_container(element: Element, own: list[str]) -> str:
    style = f'padding-top: {HEADER_PX}px; padding-left: {DRAWER_PX}px;'
    return f'<div class="{classes("q-page-container", own)}" style="{style}">{children(element)}</div>'


def _page(element: Element, own: list[str]) -> str:
    style = f'min-height: calc(100vh - {HEADER_PX}px);'
    return f'<main class="{classes("q-page", own)}" style="{style}">{children(element)}</main>'


def _button(element: Element, own: list[str]) -> str:
    if element._style:
        raise Unsupported('a button with a style')
    return button(_props(element), own)


def _input(element: Element, own: list[str]) -> str:
    props = _props(element)
    known = {'value', 'loopback', 'error', 'for', 'placeholder', 'type', '_autocomplete', 'outlined', 'dense',
             'clearable', 'aria-label'}  # fmt: skip
    if set(props) - known or props.get('error') or not props.get('outlined'):
        raise Unsupported('input props')
    value = props.get('value') or ''
    placeholder = props.get('placeholder') or ''
    native = (
        f'<input class="{classes("q-field__native", "q-placeholder" if placeholder else "")}" '
        f'placeholder="{attr(placeholder)}" type="{attr(props.get("type") or "text")}" value="{attr(value)}">'
    )
    clear = icon('cancel', 'q-field__focusable-action') if props.get('clearable') and value else ''
    modifiers = ['q-field--outlined', 'q-field--float' if value else '', 'q-field--dense' if props.get('dense') else '']
    return field('q-input', modifiers, own, native, clear)


def _switch(element: Element, own: list[str]) -> str:
    props = _props(element)
    if set(props) - {'model-value', 'loopback'} or props.get('model-value') is None:
        raise Unsupported('switch props or the undecided state')
    state = 'truthy' if props.get('model-value') else 'falsy'
    return (
        f'<div class="{classes("q-toggle cursor-pointer no-outline row inline no-wrap items-center", own)}">'
        f'<div class="q-toggle__inner relative-position non-selectable q-toggle__inner--{state}">'
        '<input class="hidden q-toggle__native absolute q-ma-none q-pa-none" type="checkbox">'
        '<div class="q-toggle__track"></div><div class="q-toggle__thumb absolute flex flex-center no-wrap"></div></div>'
        f'<span class="no-outline"></span><div class="q-toggle__label q-anchor--skip">{text(element._text)}</div></div>'
    )


def _select(element: Element, own: list[str]) -> str:
    """A multiple select that shows a fixed text (`display-value`), outlined and dense: the list's columns chooser."""
    props = _props(element)
    known = {
        *('model-value', 'loopback', 'options', 'error', 'multiple', 'outlined', 'dense', 'options-dense'),
        *('display-value', 'emit-value', 'map-options', 'new-value-mode', 'use-chips', 'label'),
    }
    if set(props) - known or not props.get('multiple') or not props.get('display-value') or props.get('label'):
        raise Unsupported(f'select props {sorted(props)}')
    if props.get('error'):
        raise Unsupported('select error')
    if props.get('use-chips') or not props.get('outlined'):
        raise Unsupported('select style')
    shown = text(props['display-value'])
    native = (
        f'<div class="q-field__native row items-center"><span class="ellipsis">{shown}</span>'
        f'<input class="q-select__focus-target" readonly value="{shown}"></div>'
    )
    modifiers = ['q-field--outlined', 'q-field--auto-height q-select--without-input q-select--without-chips',
                 'q-select--multiple q-field--float', 'q-field--dense' if props.get('dense') else '']  # fmt: skip
    return field('q-select', modifiers, own, native, icon('arrow_drop_down', 'q-select__dropdown-icon'))


def _toggle(element: Element, own: list[str]) -> str:
    """QBtnToggle: the chosen option's button in the primary colour."""
    props = _props(element)
    if set(props) - {'model-value', 'loopback', 'options', 'dense', 'no-caps'}:
        raise Unsupported('toggle props')
    style = {key: props[key] for key in ('dense', 'no-caps') if props.get(key)}
    buttons = ''.join(
        button(
            {
                **style,
                'label': option['label'],
                **({'color': 'primary'} if option['value'] == props.get('model-value') else {}),
            }
        )
        for option in props.get('options') or ()
    )
    return f'<div class="{classes("q-btn-group row no-wrap inline q-btn-toggle", own)}">{buttons}</div>'


_CONTAINERS = {'div', 'q-layout', 'nicegui-header', 'q-header', 'q-drawer', 'q-page-container', 'q-page',
               'nicegui-sub_pages'}  # fmt: skip
_DRAW: dict[str, Callable[[Element, list[str]], str]] = {
    'div': _div,
    'q-space': _space,
    'q-layout': _layout,
    'nicegui-header': _header,
    'q-header': _header,
    'q-drawer': _drawer,
    'q-page-container': _page_container,
    'q-page': _page,
    'nicegui-sub_pages': _div,
    'q-btn': _button,
    'nicegui-input': _input,
    'q-toggle': _switch,
    'nicegui-select': _select,
    'q-btn-toggle': _toggle,
}
