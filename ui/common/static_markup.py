"""Quasar's markup as static HTML, piece by piece: buttons, fields, icons, and the escaping they all use (the customer
list's first paint). ui/common/static_page.py puts a page's elements together from these pieces; our own components
draw themselves with them in a `static_html()` method beside their Vue template.

Only what a person sees is written: no ids, no event handlers, no ARIA (the copy is inert and hidden from assistive
technology; the live page has them). A prop that would change what Quasar draws and is not known here raises
`Unsupported`, and the caller shows no static copy rather than a wrong one.

Security: text and attribute values go through `html.escape` (quotes too); class names come from the code; the only
value from the database in a style is a category's colour, and only in the form #rrggbb (HEX_COLOUR).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any, Protocol, runtime_checkable

from nicegui.element import Element

from ui.common.accessibility import HEX_COLOUR

__all__ = [
    'HEX_COLOUR',
    'HasStaticHtml',
    'Unsupported',
    'attr',
    'button',
    'classes',
    'field',
    'icon',
    'own_look',
    'text',
]


class Unsupported(Exception):
    """An element or prop this module does not know how Quasar draws."""


@runtime_checkable
class HasStaticHtml(Protocol):
    def static_html(self) -> str: ...


def attr(value: object) -> str:
    """`value` as text or as a quoted attribute's value (None: empty)."""
    return escape('' if value is None else str(value), quote=True)


text = attr


def classes(*parts: str | Iterable[str] | None) -> str:
    names: list[str] = []
    for part in parts:
        if part is None:
            continue
        names.extend(part.split() if isinstance(part, str) else part)
    return attr(' '.join(name for name in names if name))


def icon(name: str, extra: str = '') -> str:
    """A Material icon (QIcon with a ligature name)."""
    return f'<i class="{classes("q-icon", extra, "notranslate material-icons")}">{text(name)}</i>'


_BUTTON_PROPS = {'color', 'text-color', 'label', 'icon', 'flat', 'outline', 'unelevated', 'round', 'dense', 'no-caps',
                 'align', 'href', 'aria-label', 'aria-pressed', 'disable'}  # fmt: skip


def button(props: dict[str, Any], extra_classes: Iterable[str] = ()) -> str:
    """QBtn (Quasar's use-btn): design, shape, colours, icon on the left of the label; a link when `href` is given."""
    unknown = set(props) - _BUTTON_PROPS
    if unknown:
        raise Unsupported(f'q-btn props {sorted(unknown)}')
    design = next((name for name in ('flat', 'outline', 'unelevated') if props.get(name)), 'standard')
    colour, text_colour = props.get('color'), props.get('text-color')
    if colour:
        colours = (
            f'text-{text_colour or colour}'
            if design in ('flat', 'outline')
            else f'bg-{colour} text-{text_colour or "white"}'
        )
    else:
        colours = f'text-{text_colour}' if text_colour else ''
    disabled = bool(props.get('disable'))
    names = classes(
        'q-btn q-btn-item non-selectable no-outline',
        f'q-btn--{design}',
        'q-btn--round' if props.get('round') else 'q-btn--rectangle',
        colours,
        'disabled' if disabled else 'q-btn--actionable q-focusable q-hoverable',
        'q-btn--no-uppercase' if props.get('no-caps') else '',
        'q-btn--dense' if props.get('dense') else '',
        extra_classes,
    )
    label = props.get('label')
    inner = icon(props['icon'], 'on-left' if label else '') if props.get('icon') else ''
    if label:
        inner += f'<span class="block">{text(label)}</span>'
    align = {'left': 'justify-start', 'right': 'justify-end'}.get(props.get('align') or '', 'justify-center')
    content = f'<span class="q-focus-helper"></span><span class="{classes("q-btn__content text-center col items-center q-anchor--skip row", align)}">{inner}</span>'  # noqa: E501
    if props.get('href'):
        return f'<a class="{names}" href="{attr(props["href"])}">{content}</a>'
    return f'<button class="{names}" type="button"{" disabled" if disabled else ""}>{content}</button>'


def field(kind: str, modifiers: Iterable[str], extra_classes: Iterable[str], native: str, append: str = '') -> str:
    """QField's frame (QInput, QSelect): `native` is the control's own markup, `append` the icons after it."""
    names = classes('q-field row no-wrap items-start', modifiers, kind, extra_classes)
    after = f'<div class="q-field__append q-field__marginal row no-wrap items-center q-anchor--skip">{append}</div>'
    return (
        f'<label class="{names}"><div class="q-field__inner relative-position col self-stretch">'
        '<div class="q-field__control relative-position row no-wrap">'
        f'<div class="q-field__control-container col relative-position row no-wrap q-anchor--skip">{native}</div>'
        f'{after if append else ""}</div></div></label>'
    )


def own_look(element: Element) -> None:
    """Raises Unsupported when `element` has classes or a style of its own (for static_html()s that draw none)."""
    if element._classes or element._style:
        raise Unsupported(f'{element.tag} with classes or a style of its own')
