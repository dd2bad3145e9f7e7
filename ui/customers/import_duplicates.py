"""The preview's possible duplicates: each row like an existing customer or an earlier row of the file (same phone,
similar name: the registration form's rules), with the user's choice: import as new, update that customer, skip."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from itertools import islice

from nicegui import ui

from services.core.i18n import _
from services.core.values.formats import format_whole
from services.customers.duplicates import REASON_LABELS
from services.customers.transfer.possible_duplicates import Found, PossibleDuplicate
from services.customers.transfer.preview import ImportOptions
from services.customers.transfer.table import Table
from ui.access.session import current_actor

SHOWN = 50  # rows listed; the count says how many there are


def choice_of(index: int, options: ImportOptions) -> str:
    if index in options.skipped:
        return 'skip'
    if index in options.update_targets:
        return f'update:{options.update_targets[index]}'
    return 'new'


def show_duplicates(
    found: Found,
    table: Table,
    options: ImportOptions,
    on_choice: Callable[[], Awaitable[None]],
    names_compared: tuple[int, int] = (0, 0),
) -> None:
    """The listing (in the current container); `on_choice` runs after the user changed a row's choice.
    `names_compared` is (rows whose names were compared for similarity, rows looked at)."""
    compared, looked_at = names_compared
    if compared < looked_at:
        ui.label(
            _('Similar names were compared for the first {compared} of {rows} rows; the others for the same name.')
            .format(compared=compared, rows=looked_at)
        ).classes('text-body2 text-grey-8').mark('names-compared')  # fmt: skip
    if not found:
        return
    with ui.column().classes('w-full gap-2').mark('possible-duplicates'):
        ui.label(_('Possible duplicates: {count}').format(count=format_whole(len(found)))).classes('text-h6')
        ui.label(_('These rows look like a customer you have or an earlier row of the file. Choose for each.')).classes(
            'text-body2 text-grey-8'
        )
        for index in islice(found, SHOWN):  # in row order
            _row(index, found[index], table, options, on_choice)


def _row(
    index: int,
    matches: list[PossibleDuplicate],
    table: Table,
    options: ImportOptions,
    on_choice: Callable[[], Awaitable[None]],
) -> None:
    choices = {'new': _('Import as new')}
    with ui.card().classes('w-full q-pa-sm').mark(f'duplicate-row-{index}'):
        ui.label(_('Row {number}').format(number=table.row_numbers[index])).classes('text-weight-medium')
        ui.label(' · '.join(cell for cell in table.rows[index] if cell.strip())).classes('text-body2 ellipsis')
        for match in matches:
            reasons = ', '.join(REASON_LABELS[reason] for reason in match.reasons)
            if match.customer is not None:
                customer = match.customer
                ui.label(
                    _('Like customer {number} {name} ({reasons})').format(
                        number=customer.number, name=customer.name, reasons=reasons
                    )
                ).classes('text-orange-10')
                choices[f'update:{customer.customer_id}'] = _('Update {number}').format(number=customer.number)
            elif match.row is not None:
                ui.label(
                    _('Like row {number} of this file ({reasons})').format(
                        number=table.row_numbers[match.row], reasons=reasons
                    )
                )
        choices['skip'] = _('Skip this row')

        async def chosen(value: str) -> None:
            current_actor()
            options.skipped.discard(index)
            options.update_targets.pop(index, None)
            if value == 'skip':
                options.skipped.add(index)
            elif value.startswith('update:'):
                options.update_targets[index] = int(value.removeprefix('update:'))
            await on_choice()

        ui.radio(choices, value=choice_of(index, options), on_change=lambda e: chosen(str(e.value))).props(
            'inline dense'
        ).mark(f'duplicate-choice-{index}')
