"""The invoice lines editor: lines from the catalogue or free text, payment terms, personal message, reminders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from services.core.i18n import N_, _, pgettext
from services.core.values.formats import format_date
from services.core.values.money import decimals, format_money, format_price, input_text
from services.invoicing.catalogue import ProductView
from services.invoicing.company_profile import CompanyProfile
from services.invoicing.drafts import InvoiceDraft, InvoiceReport, LineDraft
from ui.common.accessibility import icon_button
from ui.common.autocomplete_select import AutocompleteSelect
from ui.common.number_choices import NumberChoices

LINE_FIELDS = (
    ('description', N_('Description'), 'flex-grow min-w-48'),
    ('quantity', N_('Qty'), 'w-14'),
    ('unit', N_('Unit'), 'w-14'),
    ('unit_price', N_('Unit price'), 'w-24'),
    ('vat_rate', N_('VAT %'), 'w-16'),
)


class InvoiceEditor:
    def __init__(
        self,
        draft: InvoiceDraft,
        products: list[ProductView],
        profile: CompanyProfile,
        on_change: Callable[[], None],
        *,
        message_label: str = '',
    ) -> None:
        self.draft = draft
        self.products = {product.id: product for product in products}
        self.profile = profile
        self.on_change = on_change
        self.inputs: dict[tuple[int, str], ui.input] = {}
        self.nets: dict[int, ui.label] = {}
        self.choices: dict[int, NumberChoices] = {}
        with ui.column().classes('w-full gap-2').mark('invoice-editor'):
            self.lines_box = ui.column().classes('w-full gap-1')
            ui.button(_('Add line'), icon='add', on_click=self.add_line).props('flat dense').mark('invoice-add-line')
            with ui.row().classes('w-full items-center gap-4 no-wrap max-sm:flex-wrap'):
                self.terms = ui.input(
                    _('Payment terms (days)'),
                    value=draft.payment_terms,
                    placeholder=str(profile.payment_terms_days),
                    on_change=lambda e: self._set_draft('payment_terms', e.value or ''),
                ).without_auto_validation()
                self.terms.classes('w-48').props('inputmode=numeric').mark('invoice-terms')
                self.due = ui.label('').classes('text-body2').mark('invoice-due')
            self.message = (
                ui.textarea(
                    message_label or _('Personal message'),
                    value=draft.message,
                    on_change=lambda e: self._set_draft('message', e.value),
                )
                .without_auto_validation()
                .classes('w-full')
                .props('rows=7')
                .mark('invoice-message')
            )
            days = ', '.join(f'+{day}' for day in profile.reminder_days) or pgettext('no reminders', 'none scheduled')
            self.reminders = ui.switch(
                _('Payment reminders ({days} days after the due date)').format(days=days),
                value=draft.reminders,
                on_change=lambda e: self._set_draft('reminders', bool(e.value)),
            ).mark('invoice-reminders')
        self.render_lines()

    def render_lines(self) -> None:
        self.inputs.clear()
        self.nets.clear()
        self.choices.clear()
        self.lines_box.clear()
        with self.lines_box:
            for index, line in enumerate(self.draft.lines):
                self._line(index, line)

    def add_line(self) -> None:
        self.draft.lines = [*self.draft.lines, LineDraft(vat_rate=self._default_vat())]
        self.render_lines()
        self.on_change()

    def show(self, report: InvoiceReport) -> None:
        """Put the messages under the fields and the computed amounts beside them."""
        for (index, key), element in self.inputs.items():
            ambiguous = key in report.line_choices.get(index, {})  # the question is asked in the row below
            element.error = _('Which one?') if ambiguous else report.line_errors.get(index, {}).get(key)
        for index, row in self.choices.items():
            asked = report.line_choices.get(index, {})
            offered = [choice for options in asked.values() for choice in options]
            keys = {choice: key for key, options in asked.items() for choice in options}
            question = ' '.join(report.line_errors.get(index, {}).get(key, '') for key in asked)
            row.show(
                offered, lambda choice, index=index, keys=keys: self._choose(index, keys[choice], choice.text), question
            )
        nets = iter(report.lines)
        for index, line in enumerate(self.draft.lines):
            label = self.nets.get(index)
            if label is not None:
                ok = not line.is_blank() and index not in report.line_errors
                label.set_text(format_money(next(nets).net, report.currency) if ok else '')
        self.terms.error = report.errors.get('payment_terms')
        self.message.error = report.errors.get('message')
        self.due.set_text(
            _('Due on {date} ({days} days)').format(date=format_date(report.due_date), days=report.payment_terms_days)
        )

    def set_errors(self, errors: dict[str, str]) -> None:
        for key, message in errors.items():
            parts = key.split('.')
            if parts[:2] == ['invoice', 'lines'] and len(parts) == 4 and (int(parts[2]), parts[3]) in self.inputs:
                self.inputs[(int(parts[2]), parts[3])].error = message
            elif key == 'invoice.payment_terms':
                self.terms.error = message

    def _line(self, index: int, line: LineDraft) -> None:
        with ui.column().classes('w-full gap-0'):
            self._line_inputs(index, line)
            self.choices[index] = NumberChoices(f'invoice-line-{index}-choice')

    def _line_inputs(self, index: int, line: LineDraft) -> None:
        with ui.row().classes('w-full items-start gap-2 no-wrap max-md:flex-wrap').mark(f'invoice-line-{index}'):
            if self.products:
                options = {
                    pid: f'{p.name} · {format_price(p.unit_price, self.profile.currency)}'
                    for pid, p in self.products.items()
                }
                AutocompleteSelect(
                    options, label=_('Catalogue'), with_input=True, clearable=True,
                    on_change=lambda e, index=index: self._pick(index, e.value),
                ).classes('w-44').mark(f'invoice-line-{index}-product')  # fmt: skip
            for key, label, classes in LINE_FIELDS:
                element = ui.input(
                    _(label),
                    value=getattr(line, key),
                    on_change=lambda e, index=index, key=key: self._set(index, key, e.value),
                )
                element.without_auto_validation().classes(classes).props('dense').mark(f'invoice-line-{index}-{key}')
                self.inputs[(index, key)] = element
            self.nets[index] = (
                ui.label('')
                .classes('w-28 text-right q-pt-md text-body2 whitespace-nowrap')
                .mark(f'invoice-line-{index}-net')
            )
            icon_button('delete', _('Remove line'), lambda index=index: self._remove(index)).props('flat round dense')

    def _pick(self, index: int, product_id: Any) -> None:
        product = self.products.get(product_id) if product_id is not None else None
        if product is None:
            return
        line = self.draft.lines[index]
        line.description = product.name
        line.unit = product.unit
        line.unit_price = input_text(product.unit_price, places=decimals(self.profile.currency))
        line.vat_rate = input_text(product.vat_rate)
        for key in ('description', 'unit', 'unit_price', 'vat_rate'):
            self.inputs[(index, key)].set_value(getattr(line, key))
        self.on_change()

    def _choose(self, index: int, key: str, text: str) -> None:
        """The user picked one reading of an ambiguous number: put its unambiguous spelling in the field."""
        element = self.inputs.get((index, key))
        if element is not None:
            element.set_value(text)

    def _set(self, index: int, key: str, value: Any) -> None:
        if index < len(self.draft.lines) and getattr(self.draft.lines[index], key) != (value or ''):
            setattr(self.draft.lines[index], key, value or '')
            self.on_change()

    def _set_draft(self, key: str, value: Any) -> None:
        if getattr(self.draft, key) != value:
            setattr(self.draft, key, value)
            self.on_change()

    def _remove(self, index: int) -> None:
        lines = [line for position, line in enumerate(self.draft.lines) if position != index]
        self.draft.lines = lines or [LineDraft(vat_rate=self._default_vat())]
        self.render_lines()
        self.on_change()

    def _default_vat(self) -> str:
        rates = [input_text(product.vat_rate) for product in self.products.values()]
        return max(set(rates), key=rates.count) if rates else ''
