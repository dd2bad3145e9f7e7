"""The live summary beside the form: every value as it will be stored, its status, what is missing, duplicates."""

from __future__ import annotations

from nicegui import ui

from services.core.i18n import N_, Translated, _, ngettext, pgettext
from services.core.values.validation import Status
from services.customers.custom_fields import FieldDefinition
from services.customers.drafts import DraftReport
from services.customers.duplicates import DuplicateMatch
from services.customers.fields import CUSTOMER_FIELDS, FIELDS_BY_KEY
from ui.customers.table.category_chips import category_chip

STATUS_STYLE = {
    Status.OK: (N_('ok'), 'positive'),
    Status.HINT: (N_('hint'), 'warning'),
    Status.ERROR: (N_('error'), 'negative'),
    Status.MISSING: (N_('missing'), 'negative'),
    Status.EMPTY: ('', 'grey-5'),
}
SUMMARY_KEYS = [spec.key for spec in CUSTOMER_FIELDS if spec.key != 'categories']
SHORT_LABELS = Translated(
    {'consent_email': N_('Email contact'), 'consent_phone': N_('Phone contact'), 'payment_terms': N_('Payment terms')}
)
NOTE_PREVIEW = 120


class SummaryCard:
    def __init__(self, definitions: list[FieldDefinition] | None = None, *, with_note: bool = True) -> None:
        keys = [key for key in SUMMARY_KEYS if with_note or key != 'note']
        labels = {key: SHORT_LABELS.get(key, FIELDS_BY_KEY[key].label) for key in keys}
        labels |= {definition.draft_key: definition.label for definition in definitions or []}
        with ui.card().classes('w-full').mark('summary') as self.card:
            with ui.row().classes('w-full items-center'):
                ui.label(_('Summary')).classes('text-h6')
                ui.space()
                self.verdict = ui.badge('', color='grey').mark('summary-verdict')
            self.missing = ui.label('').classes('text-negative text-body2').mark('summary-missing')
            self.values: dict[str, ui.label] = {}
            self.badges: dict[str, ui.badge] = {}
            with ui.grid(columns='minmax(6rem, auto) minmax(0, 1fr) auto').classes(
                'w-full gap-x-3 gap-y-1 items-center text-body2'
            ):
                for key, text in labels.items():
                    ui.label(text).classes('text-grey-8')
                    self.values[key] = ui.label('').classes('break-words whitespace-pre-wrap').mark(f'summary-{key}')
                    with ui.element('div'):  # keeps the grid cell when the badge is hidden
                        self.badges[key] = ui.badge('', color='grey-5').props('outline')
            ui.separator()
            ui.label(_('Categories')).classes('text-grey-8 text-body2')
            self.categories = ui.row().classes('gap-1')
            ui.separator()
            ui.label(_('Possible duplicates')).classes('text-grey-8 text-body2')
            self.duplicates = ui.column().classes('gap-1 w-full').mark('summary-duplicates')
        self.show_duplicates([])

    def show(self, report: DraftReport, *, unsaved: bool | None = None) -> None:
        """Show the checked draft. `unsaved` is None for a new customer (nothing stored yet), else whether the
        draft differs from the stored customer: a saved profile then says so instead of 'Ready to save'."""
        for key in self.values:
            check = report.checks[key]
            text = check.display if check.status != Status.MISSING else ''
            if key == 'note' and len(text) > NOTE_PREVIEW:
                text = text[:NOTE_PREVIEW] + '…'
            self.values[key].set_text(text)
            word, colour = STATUS_STYLE[check.status]
            if check.status == Status.OK and not check.verified:
                word = _('format ok')  # a tax ID whose scheme has no check digit that could be verified
            self.badges[key].set_text(_(word) if word else '')
            self.badges[key].props['color'] = colour
            self.badges[key].set_visibility(check.status != Status.EMPTY)
        labels = [report.labels[key] for key in report.missing]
        self.missing.set_text(_('Missing: {fields}').format(fields=', '.join(labels)) if labels else '')
        problems = len(report.errors)
        if problems:
            self.verdict.set_text(ngettext('{count} to fix', '{count} to fix', problems).format(count=problems))
            self.verdict.props['color'] = 'negative'
        elif unsaved is None:
            self.verdict.set_text(_('Ready to save'))
            self.verdict.props['color'] = 'positive'
        elif unsaved:
            self.verdict.set_text(_('Unsaved changes — ready to save'))
            self.verdict.props['color'] = 'positive'
        else:
            self.verdict.set_text(_('No unsaved changes'))
            self.verdict.props['color'] = 'grey-7'
        self.categories.clear()
        with self.categories:
            names = report.checks['categories'].value or []
            for name in names:
                category_chip(name)
            if not names:
                ui.label(pgettext('no categories', 'None')).classes('text-grey-8 text-body2').mark(
                    'summary-categories-none'
                )

    def show_duplicates(self, matches: list[DuplicateMatch]) -> None:
        self.duplicates.clear()
        with self.duplicates:
            if not matches:
                ui.label(pgettext('no possible duplicates', 'None found')).classes('text-grey-8 text-body2')
            for match in matches:
                with ui.row().classes('items-center gap-2 no-wrap'):
                    ui.icon(
                        'warning' if match.needs_confirmation else 'info',
                        color='negative' if match.needs_confirmation else 'warning',
                    )
                    ui.link(f'{match.number} {match.name}', f'/customers/{match.number}', new_tab=True)
                    archived = _(' · archived') if match.archived else ''
                    ui.label(f'{match.reason_text}{archived}').classes('text-grey-7 text-caption')
