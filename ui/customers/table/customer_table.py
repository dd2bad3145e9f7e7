"""The customer list of one page: its view (a ListQuery), the elements that show and change it, and live updates."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from nicegui import background_tasks, ui
from nicegui.events import GenericEventArguments, ValueChangeEventArguments

from services.core.events import CustomerChanged
from services.core.i18n import N_, Translated, _, ngettext
from services.core.values.formats import format_whole
from services.customers.categories import CategoryView, list_categories
from services.customers.custom_fields import FieldDefinition
from services.customers.edit.bulk import MAX_SELECTION
from services.customers.list.query import change_effect, list_customers, read_rows
from services.customers.list.spec import CustomerPage, Effect, ListQuery
from ui.access.session import current_actor
from ui.common.events import customers_changed
from ui.common.live import on_path_changed_while_alive, subscribe_while_alive
from ui.common.page_url import show_url
from ui.common.server_table import PageRequests
from ui.customers.table.bulk_actions import BulkActions
from ui.customers.table.category_filter import CategoryFilter
from ui.customers.table.cell_edit import CellEdit, save_cell
from ui.customers.table.customer_grid import LABELS, OPTIONAL_COLUMNS, CustomerGrid, custom_columns
from ui.customers.table.empty_list import no_customers_yet
from ui.customers.table.grid_requests import SelectionChange
from ui.customers.table.list_url import PATH, url_for, view_from_path

MODES = Translated({'any': N_('Any of'), 'all': N_('All of')})
# The search runs on every keystroke (no pause in the browser: results within ~150 ms of the last keystroke at 100,000
# customers, bench/browser.py). A table runs one search at a time: keystrokes that arrive meanwhile wait, and only the
# newest of them runs when it ends (`_searched`), so fast typing does not queue a query per letter. One or two letters
# cannot use the search index (a scan of every customer): those wait SHORT_TERM_PAUSE first, so that typing on past
# them starts no scan at all.
SHORT_TERM_PAUSE = 0.25


class CustomerTable:
    def __init__(
        self,
        query: ListQuery,
        columns: list[str],
        first: CustomerPage,
        categories: list[CategoryView],
        definitions: list[FieldDefinition],
    ) -> None:
        extra = custom_columns(definitions)
        self.labels = {name: _(label) for name, label in LABELS.items()} | {
            column['name']: column['label'] for column in extra
        }
        self.optional = [*OPTIONAL_COLUMNS, *(column['name'] for column in extra)]
        self.query = query
        self.columns = [name for name in columns if name in self.labels]
        self.categories = categories
        self.selected: list[int] = []
        self.requests = PageRequests(lambda seq: self.grid.answered('page', seq), lambda: not self.grid.is_deleted)
        self.typed = 0
        self.pending: set[str] = set()
        self.searching = asyncio.Lock()
        self.changed_rows: set[int] = set()
        with ui.row().classes('w-full items-center gap-3'):
            self.search = (
                ui.input(
                    placeholder=_('Search name, number, email, phone, tax ID, city…'),
                    value=query.search,
                    on_change=self._searched,
                )
                .props('outlined dense clearable type=search')
                .classes('w-96 max-w-full')
                .mark('search')
            )
            self.search.props['aria-label'] = _('Search customers')  # a placeholder is no accessible name
            self.total = ui.label().classes('text-grey-8').mark('total')
            ui.space()
            self.archived = ui.switch(_('Show archived'), value=query.archived, on_change=self._archived).mark(
                'show-archived'
            )
            chosen = [name for name in self.columns if name in self.optional]
            self.chooser = (
                ui.select(
                    {name: self.labels[name] for name in self.optional},
                    value=chosen,
                    multiple=True,
                    on_change=self._columns,
                )
                .props('outlined dense options-dense')
                .mark('columns')
            )
            self.chooser.props['display-value'] = _('Columns')
        with ui.row().classes('w-full items-center gap-2 no-wrap'):
            self.mode = ui.toggle(dict(MODES), value=query.mode.value, on_change=self._mode).props('dense no-caps')
            self.mode.classes('shrink-0 self-start').mark('category-mode')
            self.filter = CategoryFilter(categories, list(query.category_ids), on_toggle=self._category)
            self.filter.mark('category-filter')
        self.bulk = BulkActions(lambda: self.selected, lambda: self.categories, self._clear_selection)
        # max-w-full: a wide table scrolls inside itself instead of widening the page
        self.grid = CustomerGrid(visible_columns=self.columns, extra_columns=extra)
        self.grid.classes('w-full max-w-full').mark('customer-grid')
        self.grid.on('page_request', self._page_requested)
        self.grid.on('cell_edit', self._cell_edited)
        self.grid.on('selection_change', self._selection_changed)
        self.grid.set_categories(categories)
        self.welcome: ui.column | None = None  # built only while there are no customers at all
        self._show(first)
        subscribe_while_alive(customers_changed, self.grid, self._changed)
        on_path_changed_while_alive(self.grid, self._navigated)

    async def reload(self, *, background: bool = False) -> None:
        """Fetch the page the view asks for; a newer load (the user typed on) wins over an older one.

        `background`: after someone's change, not asked for by this page's user (gives way to reads that are).
        """
        await self.requests.load(
            lambda: list_customers(self.query, by=current_actor(), background=background), self._show
        )

    def _welcome(self, shown: bool) -> None:
        """The welcome of an empty list (empty_list.py) after the table, built when needed: a page of a list with
        customers has none of its elements."""
        if shown and self.welcome is None:
            with self.grid.parent_slot or ui.context.client.content.default_slot:
                self.welcome = no_customers_yet()
        elif not shown and self.welcome is not None:
            self.welcome.delete()
            self.welcome = None

    def _show(self, page: CustomerPage) -> None:
        if page.page != self.query.page:  # past the last page: show the last one
            self.query = self.query.changed(page=page.page)
            self._sync_url()
        self.grid.show(page, self.query)
        self.grid.set_visibility(not page.none_yet)
        self._welcome(page.none_yet)
        filtered = self.query.search or self.query.category_ids
        query = self.query
        report_filter = query.invoiced_in or query.paid_in or query.uncategorised
        self.grid.no_data(only_archived=not (filtered or report_filter or query.archived))
        count = format_whole(page.total)
        if filtered:
            found = ngettext('{count} customer found', '{count} customers found', page.total).format(count=count)
        else:
            found = ngettext('{count} customer', '{count} customers', page.total).format(count=count)
        self.total.set_text(found)

    async def _apply(self, query: ListQuery) -> None:
        if query != self.query:
            self.query = query
            self._sync_url()
            await self.reload()

    def _sync_url(self) -> None:
        show_url(self.grid, url_for(self.query, self.columns))

    # The value handlers below ignore values the view already has (set from a URL by `_navigated`).

    async def _searched(self, event: ValueChangeEventArguments) -> None:
        wanted = self.query.changed(search=event.value or '', page=1)
        if wanted.search == self.query.search:
            return
        self.typed += 1
        typed = self.typed
        if 0 < len(wanted.search) < 3:
            await asyncio.sleep(SHORT_TERM_PAUSE)
            if typed != self.typed:  # typed on meanwhile
                return
        async with self.searching:  # waits while an earlier keystroke's search runs
            if typed == self.typed:  # else a newer keystroke is waiting too: only that one runs
                await self._apply(self.query.changed(search=wanted.search, page=1))

    async def _archived(self, event: ValueChangeEventArguments) -> None:
        if bool(event.value) != self.query.archived:
            await self._apply(self.query.changed(archived=bool(event.value), page=1))
            await self._reload_categories()

    async def _mode(self, event: ValueChangeEventArguments) -> None:
        if event.value != self.query.mode:
            await self._apply(self.query.changed(mode=event.value, page=1))

    async def _category(self, category_id: int) -> None:
        chosen = set(self.query.category_ids) ^ {category_id}
        await self._apply(self.query.changed(category_ids=chosen, page=1))
        self.filter.set_selected(list(self.query.category_ids))

    def _columns(self, event: ValueChangeEventArguments) -> None:
        chosen = set(event.value or [])
        columns = [name for name in self.labels if name in chosen or name not in self.optional]
        if columns != self.columns:
            self.columns = columns
            self.grid.set_visible_columns(columns)
            self._sync_url()

    async def _page_requested(self, event: GenericEventArguments) -> None:
        seq = self.requests.take(event.args)
        if seq is None:
            return  # not a request, or older than one already taken (the browser sends them in order)
        args: dict[str, Any] = event.args
        wanted = self.query.changed(
            page=args.get('page'),
            per_page=args.get('rowsPerPage'),
            sort=args.get('sortBy') or 'number',
            descending=bool(args.get('descending')),
        )
        if wanted == self.query:  # nothing to load: answered as it is
            self.grid.answered('page', seq)
        else:  # answered by the page that shows it (`_show`), from this load or a newer one
            await self._apply(wanted)

    async def _cell_edited(self, event: GenericEventArguments) -> None:
        edit = CellEdit.parse(event.args)
        if edit is not None:
            await save_cell(self.grid, edit)

    def _selection_changed(self, event: GenericEventArguments) -> None:
        change = SelectionChange.parse(event.args)
        if change is None:
            return
        self.selected = change.applied_to(self.selected, MAX_SELECTION)
        self.grid.set_selected(self.selected)
        self.grid.answered('selection', change.seq)
        self.bulk.show()

    async def _clear_selection(self) -> None:
        self.selected = []
        self.grid.set_selected([])
        self.bulk.show()

    def _changed(self, change: CustomerChanged) -> None:
        """Another user (or this one) changed a customer: redraw a row or reload the page, keeping the view."""
        effect = change_effect(self.query, change, self.grid.visible_ids)
        if effect == Effect.ROW:
            self.changed_rows.add(change.customer_id)
            self._soon('rows', self._redraw_rows)
        elif effect != Effect.NONE:
            self._soon('page', self._reload_in_background)
        if change.action != 'updated' or 'categories' in change.fields:
            self._soon('categories', self._reload_categories)

    def _soon(self, job: str, run: Callable[[], Awaitable[None]]) -> None:
        """Run `job` once after the current burst of changes (a bulk action announces each customer)."""
        if job in self.pending:
            return
        self.pending.add(job)

        async def later() -> None:
            await asyncio.sleep(0)
            self.pending.discard(job)
            await run()

        # In the page's context, so current_actor() and error handling know whose page this is.
        background_tasks.create(later(), name=f'customer table {job}', context=self.grid)

    async def _reload_in_background(self) -> None:
        await self.reload(background=True)

    async def _redraw_rows(self) -> None:
        ids, self.changed_rows = sorted(self.changed_rows), set()
        for row in await read_rows(ids, by=current_actor()):
            if not self.grid.is_deleted:
                self.grid.patch_row(row)

    async def _reload_categories(self) -> None:
        categories = await list_categories(include_archived=self.query.archived)
        if not self.grid.is_deleted:
            self.categories = categories
            self.filter.set_categories(categories)
            self.grid.set_categories(categories)

    def _navigated(self, path: str) -> None:
        """A link to this list (the menu, the browser's back button) while it is shown: apply the view it names."""
        if urlsplit(path).path.rstrip('/') not in ('', PATH):
            return
        query, columns = view_from_path(path)
        columns = [name for name in columns if name in self.labels]
        if (query, columns) == (self.query, self.columns):
            return
        if query.archived != self.query.archived:
            self._soon('categories', self._reload_categories)
        self.query, self.columns = query, columns
        self.search.value = query.search
        self.archived.value = query.archived
        self.mode.value = query.mode.value
        self.chooser.value = [name for name in columns if name in self.optional]
        self.filter.set_selected(list(query.category_ids))
        self.grid.set_visible_columns(columns)
        self._soon('page', self.reload)
