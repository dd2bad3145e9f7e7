"""Customers -> Import: upload, what was detected (changeable), mapping, preview with fixes and skips, run with
progress, summary with the rejected rows and (admins) undo. Every check runs on the server."""

from __future__ import annotations

import tempfile
from collections.abc import Awaitable, Callable
from typing import BinaryIO

from nicegui import events, ui

from services.core.clock import company_today
from services.core.i18n import _, pgettext
from services.core.values.formats import format_whole
from services.customers.custom_fields import list_definitions
from services.customers.fields import FIELDS_BY_KEY
from services.customers.transfer import jobs
from services.customers.transfer.mapping import IGNORE, TARGET_LABELS, TARGETS, guess_mapping, saved_mapping_names
from services.customers.transfer.possible_duplicates import Found, possible_duplicates
from services.customers.transfer.preview import MATCH_KEYS, ImportOptions, Preview, preview_import
from services.customers.transfer.reading import ENCODING_CHOICES, read_table
from services.customers.transfer.table import FileRejected, Table
from ui.access.session import current_actor
from ui.customers.import_duplicates import show_duplicates
from ui.customers.import_mappings import MappingControls
from ui.customers.import_run import ImportRun
from ui.ops.runtime import settings

ACCEPT = 'accept=".csv,.tsv,.txt,.xlsx,.vcf"'


class ImportFlow:
    """`on_finished()` runs when an import started here ends (the page refreshes its list of past imports)."""

    def __init__(self, on_finished: Callable[[], Awaitable[None]] | None = None) -> None:
        self.on_finished = on_finished
        # The uploaded file waits on disk, read again when the user picks another encoding, delimiter or sheet (not
        # kept in memory: the import of a large file needs its memory for the rows). A file without a name: the
        # system removes it when it is closed (next upload, page gone) or this process ends, however it ends.
        self.upload: BinaryIO | None = None
        self.filename = ''
        ui.context.client.on_delete(self._forget_upload)
        self.table: Table | None = None
        self.options: ImportOptions | None = None
        self.preview: Preview | None = None
        self.targets: dict[str, str] = {}
        self.job_id: int | None = None
        self.saved_names: list[str] = []
        self.chosen_mapping: str | None = None
        self.duplicates = Found()
        self.names_compared = (0, 0)  # rows whose names were compared for similarity, rows looked at
        # The uploader stays hidden behind a plain button: Quasar puts its file input inside its own 'add' button,
        # which screen readers meet as a control nested in a control (axe: nested-interactive).
        upload = ui.upload(auto_upload=True, on_upload=self._uploaded)
        upload.props(ACCEPT).classes('hidden').mark('import-upload')
        ui.button(
            _('Choose a CSV, TSV, Excel or vCard file'),
            icon='upload_file',
            on_click=lambda: upload.run_method('pickFiles'),
        ).props('outline no-caps').mark('import-choose')
        self.detected = ui.column().classes('w-full')
        self.mapping_box = ui.column().classes('w-full')
        self.preview_box = ui.column().classes('w-full')
        self.run = ImportRun(lambda: self.table.headers if self.table is not None else [], on_finished)
        for job_id, job in jobs.jobs_of(current_actor().id).items():
            if not job.finished:
                self.job_id = job_id
                self.run.show(job_id)

    async def _uploaded(self, event: events.UploadEventArguments) -> None:
        limit = settings().max_import_mb * 1024 * 1024
        if event.file.size() > limit:
            ui.notify(_('The file is larger than the limit of {size} MB.').format(size=limit // 2**20), type='negative')
            return
        self._forget_upload()
        self.upload, self.filename = tempfile.TemporaryFile(prefix='clientbook-import-'), event.file.name
        async for chunk in event.file.iterate():
            self.upload.write(chunk)
        await self._read()

    def _forget_upload(self) -> None:
        if self.upload is not None:
            self.upload.close()
            self.upload = None

    async def _read(self, **overrides: str) -> None:
        if self.upload is None:
            return
        try:
            self.upload.seek(0)
            data = self.upload.read()
            self.table = read_table(data, self.filename, max_bytes=settings().max_import_mb * 2**20, **overrides)
        except FileRejected as error:
            self.table = None
            ui.notify(error.message, type='negative', multi_line=True)
            return
        definitions = await list_definitions()
        self.targets = {
            key: _(FIELDS_BY_KEY[key].label) if key in FIELDS_BY_KEY else _(TARGET_LABELS[key]) for key in TARGETS
        }
        self.targets |= {definition.draft_key: definition.label for definition in definitions}
        self.targets[IGNORE] = _(TARGET_LABELS[IGNORE])
        custom = [(definition.key, definition.label) for definition in definitions]
        mapping = guess_mapping(self.table.headers, self.table.rows[:50], custom)
        self.options = ImportOptions(mapping=mapping)
        self.saved_names = await saved_mapping_names()
        self._show_detected()
        self._show_mapping()

    def _show_detected(self) -> None:
        table = self.table
        assert table is not None
        self.detected.clear()
        with self.detected, ui.row().classes('items-center'):
            ui.label(_('{count} rows').format(count=format_whole(len(table.rows)))).mark('import-row-count')
            if table.kind in ('csv', 'tsv'):
                choices = list(dict.fromkeys([table.encoding, *ENCODING_CHOICES]))
                ui.select(
                    choices,
                    value=table.encoding,
                    label=_('Encoding'),
                    on_change=lambda e: self._read(encoding=e.value, delimiter=table.delimiter),
                ).classes('min-w-40').mark('import-encoding')
                ui.select(
                    delimiter_labels(),
                    value=table.delimiter,
                    label=_('Delimiter'),
                    on_change=lambda e: self._read(encoding=table.encoding, delimiter=e.value),
                ).classes('min-w-40')
            if table.kind == 'xlsx' and len(table.sheets) > 1:
                ui.select(
                    table.sheets, value=table.sheet, label=_('Sheet'), on_change=lambda e: self._read(sheet=e.value)
                )

    def _show_mapping(self) -> None:
        table, options = self.table, self.options
        assert table is not None and options is not None
        self.mapping_box.clear()
        with self.mapping_box:
            ui.label(_('Columns')).classes('text-h6')
            with ui.grid(columns=3).classes('items-center'):
                for column, header in enumerate(table.headers):
                    ui.label(header).classes('text-weight-medium')
                    ui.label(table.rows[0][column] if table.rows else '').classes('text-grey-8 ellipsis')
                    ui.select(
                        self.targets,
                        value=options.mapping[column],
                        on_change=lambda e, c=column: options.mapping.__setitem__(c, e.value),
                    ).mark(f'map-{column}')
            with ui.row().classes('items-center'):
                ui.select(
                    match_key_labels(), value=options.match_key, label=_('Match existing customers by')
                ).bind_value(options, 'match_key').classes('min-w-56')
                ui.select(
                    {'fill': _('Fill empty fields only'), 'overwrite': _('Overwrite')},
                    value=options.mode,
                    label=_('When a customer matches'),
                ).bind_value(options, 'mode').classes('min-w-56')
                ui.input(_('Default country (e.g. KR)')).bind_value(options, 'default_country').mark('import-country')
                ui.button(_('Preview'), on_click=self._preview).mark('import-preview')
            MappingControls(
                table.headers, lambda: list(options.mapping), self._use_mapping, self.saved_names, self.chosen_mapping
            )

    def _use_mapping(self, name: str, mapping: list[str]) -> None:
        assert self.options is not None
        self.chosen_mapping = name
        self.options.mapping = mapping
        self._show_mapping()

    async def _preview(self) -> None:
        assert self.table is not None and self.options is not None
        self.options.default_country = self.options.default_country.strip().upper()
        self.preview = await preview_import(self.table, self.options, by=current_actor(), earlier=self.preview)
        decided = {i: self.duplicates[i] for i in self.options.skipped if i in self.duplicates}
        listing = await possible_duplicates(self.preview.verdicts, self.options)
        self.duplicates = listing.found.with_listed(decided)
        self.names_compared = (listing.fuzzy_rows, listing.rows)
        self._show_preview()

    def _show_preview(self) -> None:
        preview, table, options = self.preview, self.table, self.options
        assert preview is not None and table is not None and options is not None
        self.preview_box.clear()
        labels = {
            'new': _('New'),
            'update': _('Update'),
            'unchanged': _('Unchanged'),
            'invalid': _('Invalid'),
            'duplicate': _('Duplicate in the file'),
            'skipped': _('Skipped'),
        }
        with self.preview_box:
            with ui.row():
                for verdict, count in preview.counts.items():
                    ui.chip(f'{labels[verdict]}: {format_whole(count)}', color='blue-1').props(
                        'text-color=grey-10'
                    ).mark(f'count-{verdict}')
            show_duplicates(self.duplicates, table, options, self._preview, self.names_compared)
            for verdict in preview.first('invalid') + preview.first('duplicate'):
                with ui.card().classes('w-full q-pa-sm').mark(f'problem-row-{verdict.index}'):
                    ui.label(_('Row {number}').format(number=table.row_numbers[verdict.index])).classes(
                        'text-weight-medium'
                    )
                    for column, message in verdict.problems.items():
                        with ui.row().classes('items-center'):
                            if column >= 0:
                                value = options.fixes.get((verdict.index, column), table.rows[verdict.index][column])
                                ui.input(
                                    table.headers[column],
                                    value=value,
                                    on_change=lambda e, k=(verdict.index, column): options.fixes.__setitem__(
                                        k, e.value
                                    ),
                                ).mark(f'fix-{verdict.index}-{column}')
                            ui.label(message).classes('text-negative')
                    ui.checkbox(
                        _('Skip this row'),
                        value=verdict.index in options.skipped,
                        on_change=lambda e, i=verdict.index: (
                            options.skipped.add if e.value else options.skipped.discard
                        )(i),
                    )
            with ui.row():
                ui.button(_('Check again'), on_click=self._preview).props('flat').mark('import-recheck')
                ui.button(_('Import'), icon='upload', on_click=self._start).mark('import-start')

    def _start(self) -> None:
        assert self.table is not None and self.options is not None
        name = _('Import of {file} on {day}').format(file=self.filename, day=company_today().isoformat())
        self.job_id = jobs.start_import(
            self.table, self.options, by=current_actor(), name=name, filename=self.filename, preview=self.preview
        )
        self.preview, self.duplicates = None, Found()  # the run has what it needs: 100,000 rows are not kept twice
        self.preview_box.clear()
        self.run.show(self.job_id)


def delimiter_labels() -> dict[str, str]:
    return {',': _('Comma ,'), ';': _('Semicolon ;'), '\t': _('Tab'), '|': _('Vertical bar |')}


def match_key_labels() -> dict[str, str]:
    labels = {
        'email': _('Email'),
        'tax_id': _('Tax ID'),
        'number': _('Customer number'),
        'none': pgettext('match by no field', 'None'),
    }
    return {key: labels[key] for key in MATCH_KEYS}
