"""The profile's Details: the registration components, editable, saved with a version check."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from services.core.errors import DuplicateFound, ValidationFailed
from services.core.i18n import _
from services.customers.categories import CategoryView
from services.customers.custom_fields import FieldDefinition
from services.customers.drafts import CustomerDraft, DraftReport, check_draft
from services.customers.edit.conflicts import StaleVersion
from services.customers.edit.entry_points import update_customer
from services.customers.views import CustomerView, draft_of
from ui.access.session import current_actor
from ui.common.format import time_ago
from ui.customers.duplicate_dialog import confirm_duplicates
from ui.customers.live_form import LiveForm


class ProfileDetails:
    def __init__(
        self,
        view: CustomerView,
        *,
        required: frozenset[str],
        categories: list[CategoryView],
        definitions: list[FieldDefinition],
        on_saved: Callable[[], Awaitable[None]],
    ) -> None:
        self.view = view
        self.definitions = definitions
        self.required = required
        self.on_saved = on_saved
        self.baseline = draft_of(view)
        self.draft = self.baseline.model_copy(deep=True)
        self.saving = False
        self.confirmed_duplicates: set[int] = set()
        self.form = LiveForm(
            self.draft,
            required=required,
            categories=categories,
            definitions=definitions,
            with_note=False,
            autofocus=False,
            exclude_id=view.id,
            on_checked=self.checked,
            unsaved=lambda: self.dirty,
        )
        with self.form.actions:
            self.save_button = ui.button(_('Save changes'), icon='save', on_click=self.save).mark('save-details')
            self.discard_button = (
                ui.button(_('Discard changes'), on_click=self.on_saved).props('flat').mark('discard-details')
            )
            self.state = ui.label('').classes('text-caption text-grey-7')
        self.form.start()

    @property
    def dirty(self) -> bool:
        return self.draft != self.baseline

    def checked(self, report: DraftReport) -> None:
        self.save_button.set_enabled(self.dirty and report.can_save and not self.saving)
        self.discard_button.set_enabled(self.dirty and not self.saving)
        self.state.set_text(_('Unsaved changes') if self.dirty else _('No unsaved changes'))

    async def save(self, expected_version: int | None = None) -> None:
        if self.saving:
            return
        self.saving = True
        self.form.refresh()
        try:
            await update_customer(
                self.view.id,
                self.draft,
                expected_version=expected_version or self.view.version,
                by=current_actor(),
                confirmed_duplicates=self.confirmed_duplicates,
            )
        except DuplicateFound as duplicate:
            self.saving = False
            self.form.refresh()
            if await confirm_duplicates(duplicate.matches, customer_id=self.view.id):
                self.confirmed_duplicates |= {getattr(match, 'customer_id', 0) for match in duplicate.matches}
                await self.save(expected_version)
            return
        except StaleVersion as stale:
            self.saving = False
            self.form.refresh()
            await self._resolve_conflict(stale.current)
            return
        except ValidationFailed as error:
            self.saving = False
            self.form.refresh()
            self.form.fields.set_errors(error.errors)
            ui.notify(_('Not saved: please fix the marked fields.'), type='negative')
            return
        except Exception:  # ClientbookError or a defect: the page's exception handler says so; the buttons come back
            self.saving = False
            self.form.refresh()
            raise
        ui.notify(_('Changes saved'), type='positive')
        await self.on_saved()

    async def _resolve_conflict(self, current: CustomerView) -> None:
        theirs = draft_of(current)
        my_report = check_draft(self.draft, self.required, self.definitions)
        mine = _changed_keys(check_draft(self.baseline, self.required, self.definitions), my_report)
        differences = _differences(check_draft(theirs, self.required, self.definitions), my_report, mine)
        with ui.dialog() as dialog, ui.card().classes('min-w-96').mark('conflict'):
            who = current.updated_by_name or _('someone else')
            ui.label(_('Changed by {who} {time_ago}').format(who=who, time_ago=time_ago(current.updated_at))).classes(
                'text-h6'
            )
            ui.label(_('They saved this customer while you were editing it. Your changes:')).classes('text-body2')
            with ui.grid(columns='auto 1fr 1fr').classes('gap-x-4 gap-y-1 items-baseline'):
                for text in ('', _('Their value'), _('Your value')):
                    ui.label(text).classes('text-caption text-grey-7')
                for label, their_value, my_value in differences:
                    ui.label(label).classes('text-grey-8')
                    ui.label(their_value or '—')
                    ui.label(my_value or '—').classes('text-weight-medium')
            with ui.row().classes('w-full justify-end'):
                ui.button(_('Keep theirs'), on_click=lambda: dialog.submit('theirs')).props('flat').mark('keep-theirs')
                ui.button(_('Use mine'), on_click=lambda: dialog.submit('mine')).mark('use-mine')
        choice = await dialog
        dialog.delete()
        if choice == 'mine':  # their version, with the fields this user changed on top
            for key in set(CustomerDraft.model_fields) - {'custom'} - mine:
                setattr(self.draft, key, getattr(theirs, key))
            self.draft.custom = {
                **theirs.custom,
                **{k: v for k, v in self.draft.custom.items() if f'custom:{k}' in mine},
            }
            self.view = current
            await self.save(expected_version=current.version)
        elif choice == 'theirs':
            await self.on_saved()


def _changed_keys(before: DraftReport, after: DraftReport) -> set[str]:
    """The fields whose stored form this user changed."""
    return {key for key in after.checks if key != 'note' and before.checks[key].display != after.checks[key].display}


def _differences(theirs: DraftReport, mine: DraftReport, keys: set[str]) -> list[tuple[str, str, str]]:
    """(label, their value, my value) for each field this user changed."""
    return [
        (label, theirs.checks[key].display, mine.checks[key].display)
        for key, label in mine.labels.items()
        if key in keys
    ]
