"""What one invoice PDF prints, as plain picklable data (no ReportLab here: the app builds these on the event loop and
only the worker processes load the PDF stack, see `services.pdf.renderer`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InvoiceDocument:
    """Everything printed on one invoice. Amounts are decimal strings; dates ISO strings, printed in the locale of
    `language` (the customer's: `2026. 11. 30.`, `30/11/2026`); '' prints in the current language."""

    number: str
    issue_date: str
    due_date: str
    currency: str
    seller: dict[str, str]
    buyer: dict[str, str]
    lines: list[dict[str, str]]
    vat: list[dict[str, str]]
    net_total: str
    vat_total: str
    total: str
    logo: bytes | None = None
    language: str = ''

    @property
    def filename(self) -> str:
        return f'Invoice-{self.number}.pdf'
