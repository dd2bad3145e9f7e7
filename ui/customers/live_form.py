"""A customer form that checks itself as the user types: the fields on the left, the live summary beside them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from nicegui import background_tasks, ui

from services.core.values.validation import Status
from services.customers.categories import CategoryView
from services.customers.custom_fields import FieldDefinition
from services.customers.drafts import CustomerDraft, DraftReport, check_draft
from services.customers.duplicates import DuplicateMatch, find_duplicates
from ui.customers.customer_fields import CustomerFields
from ui.customers.summary_card import SummaryCard

DUPLICATE_CHECK_DELAY = 0.3


class LiveForm:
    def __init__(
        self,
        draft: CustomerDraft,
        *,
        required: frozenset[str],
        categories: list[CategoryView],
        definitions: list[FieldDefinition],
        with_note: bool,
        on_checked: Callable[[DraftReport], None],
        autofocus: bool = True,
        exclude_id: int | None = None,
        unsaved: Callable[[], bool] | None = None,
    ) -> None:
        """`unsaved` (editing a stored customer) tells whether the draft differs from what is stored."""
        self.draft = draft
        self.unsaved = unsaved
        self.required = required
        self.definitions = definitions
        self.on_checked = on_checked
        self.exclude_id = exclude_id
        self.generation = 0
        with ui.element('div').classes('w-full grid grid-cols-1 lg:grid-cols-3 gap-4 items-start'):
            with ui.column().classes('lg:col-span-2 w-full gap-4'):
                self.fields = CustomerFields(
                    draft,
                    required,
                    categories,
                    on_change=self.changed,
                    definitions=definitions,
                    with_note=with_note,
                    autofocus=autofocus,
                )
                self.extra = ui.column().classes('w-full gap-4')  # sections a page adds below the fields
                self.actions = ui.row().classes('w-full gap-2 items-center')
            with ui.column().classes('w-full lg:sticky lg:top-4'):
                self.summary = SummaryCard(definitions, with_note=with_note)

    def report(self) -> DraftReport:
        return check_draft(self.draft, self.required, self.definitions)

    def start(self) -> None:
        """Show the first verdict (call after the caller has built its buttons)."""
        self.refresh()
        background_tasks.create(self._check_duplicates_later(self.generation), name='duplicate check')

    def changed(self) -> None:
        self.refresh()
        self.generation += 1
        background_tasks.create(self._check_duplicates_later(self.generation), name='duplicate check')

    def refresh(self) -> None:
        report = self.report()
        self.fields.show(report)
        self.summary.show(report, unsaved=self.unsaved() if self.unsaved is not None else None)
        self.on_checked(report)

    def reveal_problems(self) -> None:
        self.fields.reveal_missing = True
        self.fields.show(self.report())

    async def _check_duplicates_later(self, generation: int) -> None:
        await asyncio.sleep(DUPLICATE_CHECK_DELAY)
        if generation != self.generation or self.summary.duplicates.is_deleted:
            return
        matches = await self._duplicates(self.report())
        if generation == self.generation and not self.summary.duplicates.is_deleted:
            self.summary.show_duplicates(matches)

    async def _duplicates(self, report: DraftReport) -> list[DuplicateMatch]:
        def usable(key: str) -> str:
            check = report.checks[key]
            return str(check.value) if check.status in (Status.OK, Status.HINT) else ''

        return await find_duplicates(
            email=usable('email'),
            tax_id=usable('tax_id'),
            phone=usable('phone'),
            name=usable('name'),
            exclude_id=self.exclude_id,
        )
