"""The inputs of a customer, bound to a draft. Shared by the registration form and the profile editor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui
from nicegui.element import Element
from nicegui.elements.mixins.validation_element import ValidationElement

from services.core.i18n import LANGUAGES, N_, Translated, _
from services.core.values.countries import countries, country_name
from services.core.values.tax_id_reasons import either
from services.core.values.tax_ids import scheme_name, scheme_names
from services.core.values.validation import Check, Status
from services.customers.categories import CategoryView
from services.customers.custom_fields import FieldDefinition
from services.customers.drafts import CustomerDraft, CustomerKind, DraftReport
from services.customers.fields import label
from ui.common.autocomplete_select import AutocompleteSelect
from ui.customers.custom_inputs import custom_input
from ui.customers.tag_picker import TagPicker

KIND_OPTIONS = Translated({CustomerKind.COMPANY.value: N_('Company'), CustomerKind.PERSON.value: N_('Person')})
# Fields whose stored form may differ from what was typed; on leaving the field the input shows the stored form.
NORMALISED_ON_BLUR = ('name', 'contact_person', 'email', 'phone', 'street', 'postal_code', 'city', 'tax_id')


class CustomerFields:
    def __init__(
        self,
        draft: CustomerDraft,
        required: frozenset[str],
        categories: list[CategoryView],
        on_change: Callable[[], None],
        *,
        definitions: list[FieldDefinition] | None = None,
        with_note: bool = True,
        autofocus: bool = True,
    ) -> None:
        self.draft = draft
        self.definitions = definitions or []
        self.with_note = with_note
        self.autofocus = autofocus
        self.required = required
        self.on_change = on_change
        self.touched: set[str] = set()
        self.reveal_missing = False
        self.report: DraftReport | None = None
        self.inputs: dict[str, ValidationElement] = {}
        self.extra: dict[str, Element] = {}
        self._build(categories)

    def _build(self, categories: list[CategoryView]) -> None:
        with ui.card().classes('w-full'):
            ui.label(_('Customer')).classes('text-subtitle1 text-weight-medium')
            self.extra['kind'] = ui.toggle(
                dict(KIND_OPTIONS),
                value=self.draft.kind.value,
                on_change=lambda e: self._set('kind', CustomerKind(e.value)),
            )
            self._text('name', autofocus=self.autofocus)
            self._text('contact_person')
            with ui.row().classes('w-full no-wrap gap-4 max-sm:flex-wrap'):
                self._text('email', classes='flex-1').props('type=email inputmode=email')
                self._text('phone', classes='flex-1').props('type=tel inputmode=tel')
        with ui.card().classes('w-full'):
            ui.label(_('Address')).classes('text-subtitle1 text-weight-medium')
            self._text('street')
            with ui.row().classes('w-full no-wrap gap-4 max-sm:flex-wrap'):
                self._text('postal_code', classes='w-40')
                self._text('city', classes='flex-1')
            country = AutocompleteSelect(
                countries(),
                label=label('country', self.required),
                value=self.draft.country or None,
                with_input=True,
                on_change=lambda e: self._set('country', e.value or ''),
            )
            self._register('country', country.classes('w-full'))
            languages = {'': _("The company's language"), **LANGUAGES}
            spoken = ui.select(
                languages,
                label=_('Language for invoices and emails'),
                value=self.draft.language if self.draft.language in languages else '',
                on_change=lambda e: self._set('language', e.value or ''),
            ).classes('w-full')
            self.extra['language'] = spoken.mark('field-language')
        with ui.card().classes('w-full'):
            ui.label(_('Tax and payment')).classes('text-subtitle1 text-weight-medium')
            with ui.row().classes('w-full no-wrap gap-4 max-sm:flex-wrap'):
                self._text('tax_id', classes='flex-1')
                self._text('payment_terms', classes='w-48').props('inputmode=numeric')
        with ui.card().classes('w-full'):
            ui.label(_('Categories and consent')).classes('text-subtitle1 text-weight-medium')
            self.tags = TagPicker(
                label('categories', self.required),
                categories,
                self.draft.categories,
                on_change=lambda names: self._set('categories', names),
            )
            self.inputs['categories'] = self.tags.select.without_auto_validation().mark('field-categories')
            for key in ('consent_email', 'consent_phone'):
                self.extra[key] = ui.checkbox(
                    label(key, self.required),
                    value=getattr(self.draft, key),
                    on_change=lambda e, key=key: self._set(key, bool(e.value)),
                )
        if self.definitions:
            with ui.card().classes('w-full').mark('additional-details'):
                ui.label(_('Additional details')).classes('text-subtitle1 text-weight-medium')
                for definition in self.definitions:
                    key = definition.draft_key
                    element = custom_input(
                        definition,
                        self.draft.custom.get(definition.key),
                        lambda value, name=definition.key: self._set_custom(name, value),
                    )
                    if element is not None:
                        self._register(key, element)
        if self.with_note:  # notes are private: only people with notes access write them
            with ui.card().classes('w-full'):
                note = ui.textarea(
                    label('note', self.required),
                    value=self.draft.note,
                    on_change=lambda e: self._set('note', e.value or ''),
                ).classes('w-full')
                self._register('note', note.props('autogrow'))

    def _text(self, key: str, *, classes: str = 'w-full', autofocus: bool = False) -> ui.input:
        element = ui.input(
            label(key, self.required), value=getattr(self.draft, key), on_change=lambda e: self._set(key, e.value or '')
        ).classes(classes)
        element.props('autocomplete=off' + (' autofocus' if autofocus else ''))
        self._register(key, element)
        return element

    def _register(self, key: str, element: ValidationElement) -> None:
        # Messages come from `show`, computed from the whole draft; NiceGUI's own per-value validation would clear them.
        element.without_auto_validation().mark(f'field-{key}')
        self.inputs[key] = element
        element.on('blur', lambda: self._blurred(key) if key in NORMALISED_ON_BLUR else self._touch(key))

    def _set(self, key: str, value: Any) -> None:
        if getattr(self.draft, key) != value:
            setattr(self.draft, key, value)
            self.on_change()

    def _set_custom(self, name: str, value: Any) -> None:
        if self.draft.custom.get(name) != value:
            self.draft.custom = {**self.draft.custom, name: value}
            self.on_change()

    def _touch(self, key: str) -> None:
        if key not in self.touched:
            self.touched.add(key)
            if self.report is not None:
                self.show(self.report)

    def _blurred(self, key: str) -> None:
        """Show the stored form of what was typed (e.g. the phone number in international format)."""
        self.touched.add(key)
        if self.report is not None:
            check = self.report.checks[key]
            if check.status in (Status.OK, Status.HINT) and check.display and check.display != getattr(self.draft, key):
                self.inputs[key].set_value(check.display)
            else:
                self.show(self.report)

    def focus_first(self) -> None:
        self.inputs['name'].run_method('focus')

    def show(self, report: DraftReport) -> None:
        """Put every field's message under it: errors at once, 'required' once the field was visited."""
        self.report = report
        for key, element in self.inputs.items():
            check = report.checks[key]
            show_missing = self.reveal_missing or key in self.touched
            if check.status == Status.ERROR or (check.status == Status.MISSING and show_missing):
                element.error = check.message
            else:
                element.error = None
            if key == 'tax_id' and check.status == Status.EMPTY:
                element.props['hint'] = _tax_id_schemes(self.draft.country, self.draft.kind.value)
            elif key != 'categories' and not key.startswith('custom:'):
                element.props['hint'] = _hint(key, check, getattr(self.draft, key))

    def set_errors(self, errors: dict[str, str]) -> None:
        for key, message in errors.items():
            if key in self.inputs:
                self.inputs[key].error = message


def _tax_id_schemes(country: str, kind: str) -> str:
    """What a tax ID is called in the customer's country ('In Spain: NIF'); the label itself is generic."""
    names = scheme_names(country, kind) if country else []
    if not names:
        return ''
    return _('In {country}: {schemes}').format(country=country_name(country), schemes=either(names))


def _hint(key: str, check: Check, typed: object) -> str:
    if check.status == Status.HINT:
        return check.message
    if check.status != Status.OK:
        return ''
    if key == 'tax_id':
        if not check.verified:  # only the format could be checked: never call it valid
            return check.message
        return _('Valid {scheme}').format(scheme=scheme_name(check.detail)) if check.detail else ''
    if key in ('phone', 'email', 'postal_code') and check.display != typed:
        return _('Stored as {value}').format(value=check.display)
    return ''
