"""Mailbox: the development mailbox (when no SMTP host is set) and the outgoing queue with its states."""

from __future__ import annotations

from typing import Any

from nicegui import ui
from nicegui.events import GenericEventArguments

from services.core.actors import Actor
from services.core.errors import ClientbookError, NotFound
from services.core.i18n import N_, Translated, _, ngettext
from services.core.paging import whole_or
from services.core.values.formats import format_whole
from services.mail.dev_mailbox import DevMailbox
from services.mail.outbox import (
    MessagePage,
    MessageStatus,
    cancel_message,
    list_messages,
    mark_delivered,
    mark_many_delivered,
    queue_counts,
    retry_message,
    retry_messages,
)
from ui.access.session import current_actor
from ui.common.events import mail_received, outbox_updated
from ui.common.format import when as format_when
from ui.common.i18n import translated_columns
from ui.common.live import subscribe_while_alive
from ui.common.pager import use_pager
from ui.common.server_table import ServerTable
from ui.mail.mail_viewer import mail_viewer
from ui.runtime import mailer

RECEIVED_COLUMNS = [
    {'name': 'received', 'label': N_('Received'), 'field': 'received', 'align': 'left'},
    {'name': 'to', 'label': N_('To'), 'field': 'to', 'align': 'left'},
    {'name': 'subject', 'label': N_('Subject'), 'field': 'subject', 'align': 'left'},
]
QUEUE_COLUMNS = [
    {'name': 'id', 'label': '#', 'field': 'id', 'align': 'left'},
    {'name': 'kind', 'label': N_('Kind'), 'field': 'kind', 'align': 'left'},
    {'name': 'to', 'label': N_('To'), 'field': 'to', 'align': 'left'},
    {'name': 'subject', 'label': N_('Subject'), 'field': 'subject', 'align': 'left'},
    {'name': 'status', 'label': N_('State'), 'field': 'status_text', 'align': 'left'},
    {'name': 'attempts', 'label': N_('Attempts'), 'field': 'attempts', 'align': 'right'},
    {'name': 'when', 'label': N_('Next attempt / sent'), 'field': 'when', 'align': 'left'},
    {'name': 'error', 'label': N_('Last answer'), 'field': 'error', 'align': 'left'},
    {'name': 'actions', 'label': '', 'field': 'actions', 'align': 'right'},
]
# Constant template: only row ids and fixed labels; texts are shown with {{ }} (as text, never as HTML).
ACTIONS_TEMPLATE = r"""
<q-td :props="props">
  <q-btn v-if="props.row.can_retry" flat dense size="sm" :label="props.row.texts.retry"
         @click="$parent.$emit('retry', props.row.id)" />
  <q-btn v-if="props.row.can_arrive" flat dense size="sm" :label="props.row.texts.arrived"
         @click="$parent.$emit('arrived', props.row.id)" />
  <q-btn v-if="props.row.can_cancel" flat dense size="sm" :label="props.row.texts.cancel"
         @click="$parent.$emit('cancel', props.row.id)" />
</q-td>
"""
PAGE_SIZE = 50
FILTERABLE = ('failed', 'unknown', 'sending', 'pending', 'sent')
MESSAGE_STATUS = Translated(
    {
        'pending': N_('waiting'),
        'sending': N_('sending'),
        'sent': N_('sent'),
        'failed': N_('failed'),
        'unknown': N_('unknown'),
        'cancelled': N_('cancelled'),
    }
)
MESSAGE_KIND = Translated({'invoice': N_('invoice'), 'reminder': N_('payment reminder'), 'test': N_('test')})


async def page() -> None:
    ui.page_title(_('Mailbox · Clientbook'))
    box = mailer().dev_mailbox
    ui.label(_('Mailbox')).classes('text-h5')
    if box is None:
        ui.label(
            _('Email goes to the configured SMTP server. Below is the outgoing queue: waiting, sent, or needing you.')
        ).classes('text-body2 text-grey-8')
        await _queue()
        return
    with ui.card().classes('w-full bg-amber-1').props('flat bordered').mark('dev-mailbox-banner'):
        with ui.row().classes('items-center no-wrap'):
            ui.icon('science', size='md', color='warning')
            ui.label(
                _(
                    'Development mailbox: no SMTP server is configured (CLIENTBOOK_SMTP_HOST), so Clientbook catches '
                    'every email it sends right here. These messages do not leave this machine.'
                )
            ).classes('text-body2')
    with ui.tabs().props('align=left') as tabs:
        received = ui.tab(_('Received'))
        queue = ui.tab(_('Outgoing queue'))
    with ui.tab_panels(tabs, value=received).classes('w-full'):
        with ui.tab_panel(received).classes('q-pa-none'):
            await _received(box)
        with ui.tab_panel(queue).classes('q-pa-none'):
            await _queue()


async def _received(box: DevMailbox) -> None:
    with ui.element('div').classes('w-full grid grid-cols-1 lg:grid-cols-5 gap-4 items-start'):
        table = ui.table(columns=translated_columns(RECEIVED_COLUMNS), rows=[], row_key='id', selection='single')
        table.classes('lg:col-span-2 w-full').props('flat bordered dense wrap-cells').mark('mailbox-table')
        use_pager(table)
        table.props['no-data-label'] = _('No messages yet.')
        viewer = ui.column().classes('lg:col-span-3 w-full')

    def load(_: object = None) -> None:
        summaries, _total = box.page(limit=PAGE_SIZE)
        table.rows = [
            {
                'id': s.id,
                'received': format_when(s.received_at),
                'to': s.recipients,
                'subject': s.subject,
            }
            for s in summaries
        ]

    async def show(mail_id: str) -> None:
        try:
            mail = await box.read(mail_id)
        except NotFound:
            ui.notify(_('That message is gone'), type='warning')
            return
        viewer.clear()
        with viewer:
            mail_viewer(mail)

    async def selected(_: object) -> None:
        if table.selected:
            await show(str(table.selected[0]['id']))

    table.on('selection', selected)
    table.on('rowClick', lambda e: show(str(e.args[1]['id'])) if len(e.args) > 1 else None)
    load()
    with viewer:
        ui.label(_('Pick a message to read it.')).classes('text-grey-7')
    subscribe_while_alive(mail_received, table, load)


async def _queue() -> None:
    """The outgoing queue, paged, filtered and searched in the database; single and bulk actions (the use cases
    decide who may: see services.mail.outbox)."""
    state: dict[str, Any] = {'page': 1, 'status': '', 'search': ''}
    counts_row = ui.row().classes('gap-2').mark('queue-counts')
    with ui.row().classes('w-full items-center gap-2'):
        options = {'': _('All states')} | {
            status.value: MESSAGE_STATUS[status.value] for status in MessageStatus if status.value in FILTERABLE
        }
        status_filter = ui.select(options, value='', label=_('State')).classes('w-40').mark('queue-status')
        search = (
            ui.input(_('Recipient or invoice number'))
            .props('clearable debounce=400')
            .classes('w-72')
            .mark('queue-search')
        )
        ui.space()
        retry_all = ui.button(_('Retry selected'), icon='replay').props('outline').mark('queue-retry-selected')
        arrived_all = ui.button(_('Selected arrived'), icon='done_all').props('outline').mark('queue-arrived-selected')
    table = ServerTable(
        columns=translated_columns(QUEUE_COLUMNS), rows=[], row_key='id', selection='multiple',
        pagination={'page': 1, 'rowsPerPage': PAGE_SIZE, 'rowsNumber': 0},
        on_request=lambda pagination: page_changed(pagination),
    )  # fmt: skip
    table.classes('w-full').props('flat bordered dense wrap-cells').mark('queue-table')
    table.add_slot('body-cell-actions', ACTIONS_TEMPLATE)
    table.props['no-data-label'] = _('No messages match.')
    table.props['rows-per-page-options'] = [PAGE_SIZE]
    use_pager(table)

    async def fetch() -> tuple[dict[MessageStatus, int], MessagePage]:
        statuses = [MessageStatus(state['status'])] if state['status'] else None
        result = await list_messages(page=state['page'], per_page=PAGE_SIZE, statuses=statuses, search=state['search'])
        return await queue_counts(), result

    async def load(_event: object = None) -> None:
        await table.load(fetch, show)

    def show(answer: tuple[dict[MessageStatus, int], MessagePage]) -> None:
        counts, result = answer
        counts_row.clear()
        with counts_row:
            for status, count in counts.items():
                if count:
                    ui.badge(
                        f'{MESSAGE_STATUS[status.value]}: {format_whole(count)}',
                        color='negative' if status.value in ('failed', 'unknown') else 'primary',
                    )
        state['page'] = result.page
        table.pagination = {'page': result.page, 'rowsPerPage': PAGE_SIZE, 'rowsNumber': result.total}
        table.rows = _queue_rows(result, current_actor())
        table.selected = [row for row in table.selected if any(r['id'] == row['id'] for r in table.rows)]

    async def filter_changed(_event: object = None) -> None:
        state['status'] = status_filter.value or ''
        state['search'] = search.value or ''
        state['page'] = 1
        await load()

    async def page_changed(pagination: dict[str, Any]) -> None:
        page = whole_or(pagination.get('page'), 1)
        if page != state['page']:
            state['page'] = page
            await load()

    async def act(action: str, event: GenericEventArguments) -> None:
        message_id = int(event.args)
        try:
            if action == 'retry':
                await retry_message(message_id=message_id, by=current_actor())
            elif action == 'arrived':
                await mark_delivered(message_id=message_id, by=current_actor())
            else:
                await cancel_message(message_id=message_id, by=current_actor())
        except ClientbookError as error:
            ui.notify(str(error), type='negative')
        await load()

    async def bulk(action: str) -> None:
        ids = sorted({int(row['id']) for row in table.selected})  # a row ticked twice before an answer is there twice
        if not ids:
            ui.notify(_('Select messages first'), type='warning')
            return
        run = retry_messages if action == 'retry' else mark_many_delivered
        result = await run(message_ids=ids, by=current_actor())
        done = ngettext('{count} message changed', '{count} messages changed', len(result.done))
        text = done.format(count=len(result.done))
        if result.skipped:
            skipped = ngettext('{count} left as it was', '{count} left as they were', len(result.skipped))
            reasons = sorted(set(result.skipped.values()))
            text += '; ' + skipped.format(count=len(result.skipped)) + ': ' + '; '.join(reasons)
        ui.notify(text, type='positive' if not result.skipped else 'warning', multi_line=True)
        table.selected = []
        await load()

    for action in ('retry', 'arrived', 'cancel'):
        table.on(action, lambda e, action=action: act(action, e))
    status_filter.on_value_change(filter_changed)
    search.on_value_change(filter_changed)
    retry_all.on_click(lambda: bulk('retry'))
    arrived_all.on_click(lambda: bulk('arrived'))
    await load()
    subscribe_while_alive(outbox_updated, table, load)


def _queue_rows(result: MessagePage, actor: Actor) -> list[dict[str, Any]]:
    rows = []
    texts = {'retry': _('Retry'), 'arrived': _('It arrived'), 'cancel': _('Cancel')}
    for m in result.rows:
        steer = m.may_be_steered_by(actor)
        when = m.sent_at if m.status.value == 'sent' else m.next_attempt_at
        rows.append(
            {
                'id': m.id,
                'kind': MESSAGE_KIND[m.kind.value]
                + (f' +{m.reminder_day}' if m.reminder_day else '')
                + (f' · {m.invoice_number}' if m.invoice_number else ''),
                'to': m.recipient,
                'subject': m.subject,
                'status': m.status.value,
                'status_text': MESSAGE_STATUS[m.status.value],
                'texts': texts,
                'attempts': m.attempts,
                'when': format_when(when) if when and m.status.value in ('pending', 'sent') else '',
                'error': m.last_error,
                'can_retry': steer and m.status.value in ('failed', 'unknown'),
                'can_arrive': steer and m.status.value == 'unknown',
                'can_cancel': steer and m.status.value in ('pending', 'failed', 'unknown'),
            }
        )
    return rows
