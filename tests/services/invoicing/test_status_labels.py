"""An invoice's status is named as a state of the invoice, not with the same English word's other meanings (the
"Void" button, the "Paid" amount column), and in Spanish agrees with the feminine "factura"."""

import pytest

from services.core.i18n import Translated, _, language
from services.invoicing.status import STATUS_LABELS, InvoiceStatus

STATUSES = [InvoiceStatus.DRAFT, InvoiceStatus.SENT, InvoiceStatus.PARTLY_PAID, InvoiceStatus.PAID,
            InvoiceStatus.OVERDUE, InvoiceStatus.VOID]  # fmt: skip


@pytest.mark.parametrize(
    ('code', 'labels', 'void_button'),
    [
        ('es', ['No enviada', 'Enviada', 'Pagada en parte', 'Pagada', 'Vencida', 'Anulada'], 'Anular'),
        ('ko', ['미발송', '발송됨', '부분 결제', '결제 완료', '연체', '무효'], '무효 처리'),
        ('en', ['Not sent', 'Sent', 'Partly paid', 'Paid', 'Overdue', 'Void'], 'Void'),
    ],
)
def test_statuses_are_states_of_the_invoice_and_the_button_stays_a_verb(
    code: str, labels: list[str], void_button: str
) -> None:
    with language(code):
        assert [STATUS_LABELS[status] for status in STATUSES] == labels
        assert _('Void') == void_button


def test_a_table_keeps_the_english_source_of_a_label_in_context() -> None:
    assert STATUS_LABELS.source(InvoiceStatus.VOID) == 'Void'
    assert Translated({'x': 'Void'})['x'] == 'Void'
