"""Where a click on the report leads: the Customers page showing exactly the customers behind a bar or a row.

The Customers page's own URL state (ui/customers/table/list_url.py): the report's categories (or the clicked one, or
`nocat` for "No category"), `inv`/`pay` for invoices issued or payments received in the clicked days, and
`archived=1` because archived and erased customers' invoices count in the report too.
"""

from __future__ import annotations

from typing import Protocol

from services.customers.list.spec import ListQuery, MatchMode
from services.invoicing.invoice_list import InvoiceQuery
from services.invoicing.status import InvoiceStatus
from services.reports.income import Basis, ReportQuery
from services.reports.period import Period
from ui.customers.table.list_url import DEFAULT_COLUMNS, url_for
from ui.pages.invoices import invoices_url


class Reported(Protocol):
    """A report or its first part (the chart's figures): what the links are made from."""

    @property
    def query(self) -> ReportQuery: ...

    @property
    def currency(self) -> str: ...


def customers_url(
    report: Reported, category_id: int | None, period: Period, *, bar: bool = False, every_category: bool = False
) -> str:
    """`category_id` None: the "No category" row, unless `every_category` (the total: the report's own filter).

    A row or bar leads to the customers its Customers column counts: on the paid basis those who paid in its days,
    on the other bases those invoiced in them.
    """
    query = report.query
    days = (period.start, period.end)
    del bar  # rows and bars follow the same rule since the paid basis's table follows payments too
    by_payment = query.basis == Basis.PAID
    if every_category or (category_id is not None and query.mode == MatchMode.ALL and query.category_ids):
        categories, mode, uncategorised = query.category_ids, query.mode, False
    elif category_id is None:
        categories, mode, uncategorised = (), MatchMode.ANY, True
    else:
        categories, mode, uncategorised = (category_id,), MatchMode.ANY, False
    target = ListQuery(
        category_ids=categories,
        mode=mode,
        archived=True,
        invoiced_in=None if by_payment else days,
        paid_in=days if by_payment else None,
        uncategorised=uncategorised,
    )
    return url_for(target, list(DEFAULT_COLUMNS))


def invoices_link(report: Reported, category_id: int | None) -> str:
    """The Invoices list on the invoices of a category row (None: of the whole report) issued in the period.

    Void invoices and invoices in other currencies are left out as in the report, so the list holds the invoices the
    row counts.
    """
    query = report.query
    categories = (category_id,) if category_id is not None and query.mode == MatchMode.ANY else query.category_ids
    live = [status for status in InvoiceStatus if status != InvoiceStatus.VOID]
    target = InvoiceQuery(
        statuses=live,
        issued_from=query.period.start,
        issued_to=query.period.end,
        category_ids=categories,
        all_categories=query.mode == MatchMode.ALL,
        currency=report.currency,
    )
    return invoices_url(target)
