"""Building emails: placeholders, escaping, multipart structure and stable Message-IDs (pure functions)."""

from datetime import UTC, datetime

from services.mail.compose import InvoiceFacts, invoice_email, message_id, to_mime
from services.mail.templates import DEFAULT_WELCOME_BODY, DEFAULT_WELCOME_SUBJECT, fill, unknown_placeholders

FACTS = InvoiceFacts(
    company_name='Müller & Söhne',
    brand_colour='#0b6e4f',
    customer_name='<img src=x onerror=alert(1)>',
    invoice_number='2026-0007',
    amount='€219.98',
    due_date='2026-03-16',
)


def test_placeholders_are_filled_and_nothing_else_is_evaluated() -> None:
    assert fill('{company_name} {customer_name.__class__} {unknown}', FACTS.placeholders()) == (
        'Müller & Söhne {customer_name.__class__} {unknown}'
    )
    assert unknown_placeholders('{amount} {due} {customer_name.x}') == ['due']


def test_customer_text_is_escaped_in_the_html_part() -> None:
    content = invoice_email(FACTS, subject_template=DEFAULT_WELCOME_SUBJECT, body_template=DEFAULT_WELCOME_BODY)
    assert content.subject == 'Welcome to Müller & Söhne: invoice 2026-0007'
    assert 'Dear <img src=x onerror=alert(1)>,' in content.text
    assert '<img' not in content.html
    assert '&lt;img src=x onerror=alert(1)&gt;' in content.html
    assert 'background:#0b6e4f' in content.html


def test_an_invalid_brand_colour_never_reaches_the_html() -> None:
    facts = InvoiceFacts(**{**FACTS.__dict__, 'brand_colour': 'red;}</style><script>'})
    content = invoice_email(facts, subject_template='x', body_template='y')
    assert '<script>' not in content.html and 'background:#1e4e79' in content.html


def test_the_message_is_text_and_html_alternatives_plus_the_pdf() -> None:
    content = invoice_email(FACTS, subject_template='S', body_template='B')
    mime = to_mime(
        sender='Müller <hallo@mueller.example>', recipient='kim@example.kr', content=content,
        message_id=message_id('invoice-2026-0007.welcome', 'hallo@mueller.example'),
        date=datetime(2026, 3, 2, 10, tzinfo=UTC), attachment=('Invoice-2026-0007.pdf', b'%PDF-1.4 test'),
    )  # fmt: skip
    assert mime['Message-ID'] == '<invoice-2026-0007.welcome@mueller.example>'
    assert [part.get_content_type() for part in mime.walk()] == [
        'multipart/mixed',
        'multipart/alternative',
        'text/plain',
        'text/html',
        'application/pdf',
    ]


def test_message_ids_fall_back_to_a_local_domain() -> None:
    assert message_id('invoice-1.reminder-3', '') == '<invoice-1.reminder-3@clientbook.localhost>'
