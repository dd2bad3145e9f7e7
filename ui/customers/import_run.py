"""Customers -> Import, once an import runs: its progress (rows done, rate, time left, cancel), then the summary with
the rows not imported (a CSV to download) and, for admins, undo. The run itself is a server job (jobs.start_import);
this view only follows it, so a page opened again during the run shows the same progress."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from services.core.i18n import _
from services.core.values.formats import format_whole
from services.customers.transfer import jobs
from services.customers.transfer.run import rejected_csv
from ui.access.session import current_actor
from ui.customers.import_history import undo_and_tell
from ui.downloads import offer


class ImportRun:
    """`headers()`: the file's column names, for the rows-not-imported CSV; `on_finished()` runs when the import
    ends (the page refreshes its list of past imports)."""

    def __init__(
        self, headers: Callable[[], list[str]], on_finished: Callable[[], Awaitable[None]] | None = None
    ) -> None:
        self.headers = headers
        self.on_finished = on_finished
        self.box = ui.column().classes('w-full')

    def show(self, job_id: int) -> None:
        """Follow the import `job_id` (3 updates a second) until it ends, then show its summary."""
        job = jobs.job(job_id)
        if job is None:
            return
        self.box.clear()
        with self.box:
            bar = ui.linear_progress(value=0, show_value=False).mark('import-progress')
            status = ui.label().mark('import-status')
            cancel = ui.button(_('Cancel'), on_click=lambda: jobs.cancel(job_id)).props('flat').mark('import-cancel')

        async def tick() -> None:
            bar.value = job.done / job.total if job.total else 1
            left = job.seconds_left
            status.text = _('{done} of {total} rows, {rate} rows/s, {left} s left').format(
                done=format_whole(job.done),
                total=format_whole(job.total),
                rate=format_whole(int(job.rows_per_second)),
                left='?' if left is None else format_whole(int(left)),
            )
            if job.finished:
                timer.cancel()
                cancel.delete()
                self._show_summary(job)
                if self.on_finished is not None:
                    await self.on_finished()

        with self.box:
            timer = ui.timer(0.3, tick)

    def _show_summary(self, job: jobs.ImportJob) -> None:
        with self.box:
            if job.error:
                ui.label(_('The import stopped: {error}').format(error=job.error)).classes('text-negative')
            task = job.task
            if task is None or task.cancelled() or task.exception() is not None:
                return
            batch = task.result()
            ui.label(
                _(
                    'Done: {created} created, {updated} updated, {unchanged} unchanged, {skipped} skipped, '
                    '{rejected} not imported'
                ).format(
                    created=batch.created,
                    updated=batch.updated,
                    unchanged=batch.unchanged,
                    skipped=batch.skipped,
                    rejected=batch.rejected_count,
                )
            ).mark('import-summary')
            headers = self.headers()
            if batch.rejected_count:
                ui.button(
                    _('Download the rows not imported'),
                    icon='download',
                    on_click=lambda: offer(
                        rejected_csv(headers, batch), 'not-imported.csv', 'text/csv', by=current_actor()
                    ),
                )
            if current_actor().is_admin:
                ui.button(_('Undo this import'), icon='undo', on_click=lambda: self._undo(batch.id)).props('flat').mark(
                    'import-undo'
                )

    async def _undo(self, batch_id: int) -> None:
        if await undo_and_tell(batch_id) and self.on_finished is not None:
            await self.on_finished()
