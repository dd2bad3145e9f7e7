"""What an income report holds: the query (period, basis, categories) and the figures per category and bucket."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from services.customers.list.spec import MatchMode
from services.reports.period import Granularity, Period


class Basis(StrEnum):
    NET = 'net'
    GROSS = 'gross'
    PAID = 'paid'


@dataclass(frozen=True)
class ReportQuery:
    """What the report covers. `category_ids` empty: all customers, a row per category and "No category"."""

    period: Period
    basis: Basis = Basis.GROSS
    category_ids: tuple[int, ...] = ()
    mode: MatchMode = MatchMode.ANY
    granularity: Granularity | None = None  # None: months up to two years, quarters beyond

    @property
    def buckets_granularity(self) -> Granularity:
        return self.granularity or self.period.default_granularity()


@dataclass
class Figures:
    """One table row's figures (or the de-duplicated total's). Amounts in the company currency."""

    customers: int = 0
    invoices: int = 0
    invoiced: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)
    open: Decimal = Decimal(0)
    overdue: Decimal = Decimal(0)
    settled: int = 0  # invoices paid in full, the base of the average
    days_to_pay_sum: int = 0
    amount: Decimal = Decimal(0)  # by the basis, within the period
    previous_amount: Decimal = Decimal(0)  # the same, in the previous period

    @property
    def average_days_to_pay(self) -> Decimal | None:
        """Days from issue to full payment, one decimal; None when no invoice of the period is settled."""
        if not self.settled:
            return None
        return (Decimal(self.days_to_pay_sum) / self.settled).quantize(Decimal('0.1'))

    @property
    def delta(self) -> Decimal:
        return self.amount - self.previous_amount

    @property
    def change_percent(self) -> Decimal | None:
        """Change against the previous period in percent (one decimal); None when the previous amount is zero."""
        if not self.previous_amount:
            return None
        return (self.delta * 100 / self.previous_amount).quantize(Decimal('0.1'))


@dataclass(frozen=True)
class SeriesRow:
    category_id: int | None  # None: "No category"
    name: str
    colour: str
    series: list[Decimal]  # amount per bucket, aligned with the buckets


@dataclass(frozen=True)
class IncomeSeries:
    """A report's first part: the amount per row and bucket (the income chart), and the period's sums per category
    key and month it was made from (`services.reports.income.complete_report` goes on from them)."""

    query: ReportQuery
    previous: Period
    currency: str
    granularity: Granularity
    buckets: list[str]
    rows: list[SeriesRow]
    today: date  # the company's, when the sums were read
    zone: str  # the company's time zone
    by_month: dict[tuple[int, str], dict[str, int]] = field(repr=False)


@dataclass
class CategoryRow:
    category_id: int | None  # None: "No category"
    name: str
    colour: str
    figures: Figures
    series: list[Decimal]  # amount per bucket, aligned with IncomeReport.buckets
    new_customers: list[int]  # registrations per bucket


@dataclass(frozen=True)
class OtherCurrency:
    currency: str
    invoices: int
    total: Decimal


@dataclass
class IncomeReport:
    query: ReportQuery
    previous: Period
    currency: str
    granularity: Granularity
    buckets: list[str]
    rows: list[CategoryRow]
    total: Figures  # each invoice once
    total_series: list[Decimal]
    total_new_customers: list[int]
    excluded: list[OtherCurrency] = field(default_factory=list)

    @property
    def rows_sum(self) -> Figures:
        """The plain sum of the rows (customers in several categories counted in each)."""
        total = Figures()
        for row in self.rows:
            f = row.figures
            total.customers += f.customers
            total.invoices += f.invoices
            total.invoiced += f.invoiced
            total.paid += f.paid
            total.open += f.open
            total.overdue += f.overdue
            total.settled += f.settled
            total.days_to_pay_sum += f.days_to_pay_sum
            total.amount += f.amount
            total.previous_amount += f.previous_amount
        return total
